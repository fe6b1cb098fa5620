import BusbarSimulator
import OCPP
import Synchronization

/// A lean simulated station for load: one socket, one outstanding call, stateless answers to CSMS
/// calls. The full `ChargingStationSimulator` keeps a device model and logs per station, which is
/// more than 10,000 of them should carry.
final class BenchStation: Sendable {
    /// How one call ended.
    enum Outcome: Sendable {
        case result
        case callError(String)
        case timeout
        case closed
    }

    private enum Slot {
        case idle
        /// Sent; the continuation is nil until the sender parks.
        case awaiting(messageId: String, deadline: ContinuousClock.Instant, CheckedContinuation<Outcome, Never>?)
        /// The answer beat the sender to its park.
        case early(messageId: String, Outcome)
        case dead
    }

    let index: Int
    let stationId: String
    let connection: StationConnection
    private let slot = Mutex(Slot.idle)

    init(index: Int, stationId: String, connection: StationConnection) {
        self.index = index
        self.stationId = stationId
        self.connection = connection
    }

    /// Reads the socket until it closes: resolves our call, answers the CSMS's.
    func runReader(responder: StatelessCSMSResponder) async {
        for await event in connection.events {
            switch event {
            case .text(let text):
                guard let message = try? RPCMessage.parse(text) else { continue }
                switch message {
                case .callResult(let result): resolve(result.messageId, .result)
                case .callError(let error): resolve(error.messageId, .callError(error.errorCode.rawValue))
                case .call(let call):
                    if let reply = responder.replyFrame(to: call) { try? await connection.send(reply) }
                }
            case .binary:
                continue
            case .closed:
                let waiter = slot.withLock { slot -> CheckedContinuation<Outcome, Never>? in
                    defer { slot = .dead }
                    if case .awaiting(_, _, let continuation) = slot { return continuation }
                    return nil
                }
                waiter?.resume(returning: .closed)
            }
        }
    }

    /// Sends one CALL and waits for its answer (OCPP's one-outstanding-call rule holds by construction).
    func call(action: String, payload: JSONValue, timeout: Duration) async -> Outcome {
        let messageId = StationMessages.newMessageId()
        let alive = slot.withLock { slot -> Bool in
            if case .dead = slot { return false }
            slot = .awaiting(messageId: messageId, deadline: .now + timeout, nil)
            return true
        }
        guard alive else { return .closed }
        do {
            try await connection.send(StationMessages.callFrame(messageId: messageId, action: action, payload: payload))
        } catch {
            slot.withLock { if case .awaiting = $0 { $0 = .idle } }
            return .closed
        }
        return await withCheckedContinuation { continuation in
            let ready = slot.withLock { slot -> Outcome? in
                switch slot {
                case .early(_, let outcome):
                    slot = .idle
                    return outcome
                case .awaiting(let id, let deadline, _):
                    slot = .awaiting(messageId: id, deadline: deadline, continuation)
                    return nil
                case .dead:
                    return .closed
                case .idle:
                    return .timeout
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Called by the bench's watchdog: fails a call whose deadline passed.
    func expireIfOverdue(now: ContinuousClock.Instant) {
        let waiter = slot.withLock { slot -> CheckedContinuation<Outcome, Never>? in
            guard case .awaiting(_, let deadline, let continuation) = slot, deadline < now else { return nil }
            if let continuation {
                slot = .idle
                return continuation
            }
            return nil
        }
        waiter?.resume(returning: .timeout)
    }

    private func resolve(_ messageId: String, _ outcome: Outcome) {
        let waiter = slot.withLock { slot -> CheckedContinuation<Outcome, Never>? in
            guard case .awaiting(let id, _, let continuation) = slot, id == messageId else { return nil }
            if let continuation {
                slot = .idle
                return continuation
            }
            slot = .early(messageId: id, outcome)
            return nil
        }
        waiter?.resume(returning: outcome)
    }
}
