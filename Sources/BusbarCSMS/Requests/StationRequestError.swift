import OCPP

/// Why a CSMS→station request did not produce a response, in terms an operator can act on.
public enum StationRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The station has no open connection right now.
    case notConnected(stationId: String)
    /// The station may not be sent requests in its registration state (B03.FR.03: Rejected).
    case notAllowed(stationId: String, reason: String)
    /// The payload does not satisfy the request schema; nothing was sent.
    case invalidRequest(reason: String, failures: [ValidationFailure] = [])
    /// The station answered with a CALLERROR.
    case callError(RPCCallError)
    /// The station answered with a payload that violates the response schema.
    case invalidResponse(reason: String)
    /// No answer arrived within the timeout.
    case timeout(stationId: String, action: String, after: Duration)
    /// The connection closed while the request was queued or in flight.
    case connectionClosed(stationId: String)
    /// The action is not one the CSMS sends (e.g. BootNotification).
    case wrongDirection(action: String)
    /// Refused at once, nothing sent: the station's outgoing queue or socket buffer is full.
    case overloaded(stationId: String, reason: String)

    public var description: String {
        switch self {
        case .notConnected(let id): "station '\(id)' is not connected"
        case .notAllowed(let id, let reason): "station '\(id)' cannot be sent requests: \(reason)"
        case .invalidRequest(let reason, _): "invalid request: \(reason)"
        case .callError(let error): "station answered CALLERROR \(error.errorCode.rawValue): \(error.errorDescription)"
        case .invalidResponse(let reason): "invalid response from station: \(reason)"
        case .timeout(let id, let action, let after): "station '\(id)' did not answer \(action) within \(after)"
        case .connectionClosed(let id): "connection to station '\(id)' closed before it answered"
        case .wrongDirection(let action): "\(action) is not a CSMS-initiated action"
        case .overloaded(let id, let reason): "station '\(id)' cannot take another request now: \(reason); retry later"
        }
    }
}
