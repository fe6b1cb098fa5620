import HummingbirdWSClient
import Synchronization

/// Hands the outcome of a WebSocket open to exactly one waiter, whichever of upgrade, failure or
/// timeout happens first; the losers learn they lost so they can clean up.
final class OpenGate: Sendable {
    private enum State {
        case pending(CheckedContinuation<WebSocketOutboundWriter, any Error>?)
        case opened(WebSocketOutboundWriter, delivered: Bool)
        case failed(SimulatorError, delivered: Bool)
    }

    private let state = Mutex<State>(.pending(nil))

    /// Records a successful upgrade; false when a failure or timeout already won.
    func open(_ writer: WebSocketOutboundWriter) -> Bool {
        let (won, waiter) = state.withLock { state -> (Bool, CheckedContinuation<WebSocketOutboundWriter, any Error>?) in
            guard case .pending(let waiter) = state else { return (false, nil) }
            state = .opened(writer, delivered: waiter != nil)
            return (true, waiter)
        }
        waiter?.resume(returning: writer)
        return won
    }

    /// Records a failure; false when the connection had already opened (or failed) earlier.
    func fail(_ error: SimulatorError) -> Bool {
        let (won, waiter) = state.withLock { state -> (Bool, CheckedContinuation<WebSocketOutboundWriter, any Error>?) in
            guard case .pending(let waiter) = state else { return (false, nil) }
            state = .failed(error, delivered: waiter != nil)
            return (true, waiter)
        }
        waiter?.resume(throwing: error)
        return won
    }

    /// Waits for the outcome.
    func wait() async throws(SimulatorError) -> WebSocketOutboundWriter {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let ready: Result<WebSocketOutboundWriter, SimulatorError>? = state.withLock { state in
                    switch state {
                    case .pending:
                        state = .pending(continuation)
                        return nil
                    case .opened(let writer, _):
                        state = .opened(writer, delivered: true)
                        return .success(writer)
                    case .failed(let error, _):
                        state = .failed(error, delivered: true)
                        return .failure(error)
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw .protocolViolation("unexpected error while opening: \(error)")
        }
    }
}
