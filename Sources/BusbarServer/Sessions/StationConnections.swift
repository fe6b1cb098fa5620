import BusbarCSMS
import Foundation
import NIOWebSocket
import OCPP
import Synchronization

/// Every open station connection by identity. It is the CSMS's `StationRequestSender`: any
/// module sends a request to a station through it without knowing about sockets. A new
/// connection of a station replaces the old one.
final class StationConnections: StationRequestSender, Sendable {
    private let sessions = Mutex<[String: StationSession]>([:])
    private let shuttingDown = Mutex(false)
    /// Timeout for CSMS→station calls when the caller gives none (Part 4 recommends the
    /// station's own message timeout; 60 s is what certification labs allow).
    let defaultTimeout: Duration
    private let validator = OCPPValidator.shared

    init(defaultTimeout: Duration) {
        self.defaultTimeout = defaultTimeout
    }

    /// Registers a new session; returns the one it replaces, which the caller closes.
    func register(_ session: StationSession) -> StationSession? {
        sessions.withLock { $0.updateValue(session, forKey: session.stationId) }
    }

    /// Removes a session if it is still the station's current one (a replaced session must not
    /// unregister its successor).
    func unregister(_ session: StationSession) -> Bool {
        sessions.withLock { sessions in
            guard let current = sessions[session.stationId], current.id == session.id else { return false }
            sessions.removeValue(forKey: session.stationId)
            return true
        }
    }

    /// The live session of a station.
    func session(for stationId: String) -> StationSession? {
        sessions.withLock { $0[stationId] }
    }

    /// True once graceful shutdown began: a connection that arrives now is drained at once.
    var isShuttingDown: Bool { shuttingDown.withLock { $0 } }

    /// Identities of all connected stations.
    var connectedStationIds: [String] {
        sessions.withLock { Array($0.keys) }
    }

    /// Number of open connections.
    var count: Int { sessions.withLock { $0.count } }

    /// Every open session, for shutdown.
    var allSessions: [StationSession] { sessions.withLock { Array($0.values) } }

    /// Closes the station's live connection, if any, with 1008: its security settings changed
    /// (profile, password, decommissioned), so it must reconnect under the new ones (issue #10 defect 12).
    func closeForSecurityChange(of stationId: String, reason: String) async {
        await session(for: stationId)?.close(code: .policyViolation, reason: reason)
    }

    /// Graceful shutdown of every connection: each finishes the CALL it is answering, then closes.
    func drainAll() async {
        shuttingDown.withLock { $0 = true }
        await withDiscardingTaskGroup { group in
            for session in allSessions {
                group.addTask { await session.drain() }
            }
        }
    }

    func send(action: OCPPAction, payload: JSONValue, to stationId: String, timeout: Duration?) async throws(StationRequestError)
        -> JSONValue
    {
        guard action.sender != .chargingStation else { throw .wrongDirection(action: action.rawValue) }
        let failures = validator.validate(payload, action: action, direction: .request)
        if let first = failures.first {
            throw .invalidRequest(reason: "\(action.rawValue)Request at \(first.path): \(first.reason)", failures: failures)
        }
        guard let session = session(for: stationId) else { throw .notConnected(stationId: stationId) }
        let result = await session.call(action: action, payload: payload, timeout: timeout ?? defaultTimeout)
        return try result.get()
    }
}
