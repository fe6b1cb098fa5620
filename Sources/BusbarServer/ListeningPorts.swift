import Synchronization

/// The ports the server actually bound (0 in the configuration picks free ones), for tests and
/// for the log line that tells the operator where to point stations.
public final class ListeningPorts: Sendable {
    /// The listeners of a Busbar server.
    public enum Listener: Sendable, Hashable {
        case ocpp, ocpps, api
    }

    private struct State {
        var ports: [Listener: Int] = [:]
        var waiters: [(Listener, CheckedContinuation<Int, Never>)] = []
    }
    private let state = Mutex(State())

    init() {}

    func bound(_ listener: Listener, port: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Int, Never>] in
            state.ports[listener] = port
            let ready = state.waiters.filter { $0.0 == listener }.map(\.1)
            state.waiters.removeAll { $0.0 == listener }
            return ready
        }
        for continuation in ready { continuation.resume(returning: port) }
    }

    /// The bound port, waiting until the listener is up.
    public func port(_ listener: Listener) async -> Int {
        await withCheckedContinuation { continuation in
            let port = state.withLock { state -> Int? in
                if let port = state.ports[listener] { return port }
                state.waiters.append((listener, continuation))
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }
}
