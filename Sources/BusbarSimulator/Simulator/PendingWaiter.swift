import OCPP

/// Someone suspended inside the simulator, waiting for a frame, a call, a response or the close.
struct PendingWaiter {
    enum Kind {
        case response(messageId: String, action: String, CheckedContinuation<JSONValue, any Error>)
        case rawFrame(CheckedContinuation<String, any Error>)
        case csmsCall(action: String?, CheckedContinuation<ReceivedCall, any Error>)
        case closed(CheckedContinuation<ConnectionState, any Error>)
    }

    /// What to hand the waiter.
    enum Outcome {
        case response(JSONValue)
        case frame(String)
        case call(ReceivedCall)
        case closed(ConnectionState)
        case failure(any Error)
    }

    var kind: Kind
    var timer: Task<Void, Never>?

    func complete(with outcome: Outcome) {
        switch (kind, outcome) {
        case (.response(_, _, let continuation), .response(let payload)): continuation.resume(returning: payload)
        case (.rawFrame(let continuation), .frame(let text)): continuation.resume(returning: text)
        case (.csmsCall(_, let continuation), .call(let call)): continuation.resume(returning: call)
        case (.closed(let continuation), .closed(let state)): continuation.resume(returning: state)
        case (.closed(let continuation), .failure(let error as SimulatorError)):
            // A close waiter treats the close itself as success.
            if case .connectionClosed = error {
                continuation.resume(returning: .closed(closeCode: nil, reason: nil, error: nil))
            } else {
                continuation.resume(throwing: error)
            }
        case (.response(_, _, let continuation), .failure(let error)): continuation.resume(throwing: error)
        case (.rawFrame(let continuation), .failure(let error)): continuation.resume(throwing: error)
        case (.csmsCall(_, let continuation), .failure(let error)): continuation.resume(throwing: error)
        case (.closed(let continuation), .failure(let error)): continuation.resume(throwing: error)
        case (.response(_, _, let c), _): c.resume(throwing: SimulatorError.protocolViolation("internal: mismatched waiter outcome"))
        case (.rawFrame(let c), _): c.resume(throwing: SimulatorError.protocolViolation("internal: mismatched waiter outcome"))
        case (.csmsCall(_, let c), _): c.resume(throwing: SimulatorError.protocolViolation("internal: mismatched waiter outcome"))
        case (.closed(let c), _): c.resume(throwing: SimulatorError.protocolViolation("internal: mismatched waiter outcome"))
        }
    }
}
