/// Why a simulated station could not do what a test asked, with enough detail to act on.
///
/// An enum rather than an opaque struct: tests match on the case (`upgradeRejected(httpStatus: 401)`)
/// to prove the server refused for the right reason.
public enum SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration cannot work (bad URL, missing station id, non-local bench target).
    case invalidConfiguration(String)
    /// Nothing accepted the TCP connection (server not started, wrong port).
    case connectionRefused(url: String, detail: String)
    /// The server answered the WebSocket upgrade with something other than 101; `httpStatus` is nil
    /// when the status line could not be read back.
    case upgradeRejected(url: String, httpStatus: Int?, detail: String)
    /// The TLS handshake failed (untrusted server certificate, client certificate refused).
    case tlsFailure(url: String, detail: String)
    /// An operation did not finish in time.
    case timeout(operation: String, seconds: Double)
    /// The CSMS answered one of our calls with a CALLERROR.
    case callError(action: String, messageId: String, code: String, description: String, details: String)
    /// The server broke OCPP-J framing or answered with a payload that does not fit the schema.
    case protocolViolation(String)
    /// A send or call was attempted while no WebSocket was open.
    case notConnected(stationId: String)
    /// The WebSocket closed while the operation was waiting.
    case connectionClosed(stationId: String, closeCode: Int?, reason: String?)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message):
            "invalid simulator configuration: \(message)"
        case .connectionRefused(let url, let detail):
            "connection to \(url) refused (\(detail)); is `busbar serve` running on that port?"
        case .upgradeRejected(let url, let status, let detail):
            if let status {
                "WebSocket upgrade to \(url) rejected with HTTP \(status)\(detail.isEmpty ? "" : " (\(detail))")"
                    + Self.hint(forUpgradeStatus: status)
            } else {
                "WebSocket upgrade to \(url) rejected (\(detail))"
            }
        case .tlsFailure(let url, let detail):
            "TLS handshake with \(url) failed: \(detail); check the trusted root and the client certificate"
        case .timeout(let operation, let seconds):
            "\(operation) did not complete within \(seconds) s"
        case .callError(let action, let messageId, let code, let description, let details):
            "CSMS answered \(action) (message id \(messageId)) with CALLERROR \(code): \(description)"
                + (details == "{}" || details.isEmpty ? "" : " details: \(details)")
        case .protocolViolation(let message):
            "OCPP-J protocol violation: \(message)"
        case .notConnected(let stationId):
            "station \(stationId) is not connected; call connect() first"
        case .connectionClosed(let stationId, let code, let reason):
            "WebSocket of station \(stationId) closed"
                + (code.map { " with code \($0)" } ?? "") + (reason.map { ": \($0)" } ?? "")
        }
    }

    private static func hint(forUpgradeStatus status: Int) -> String {
        switch status {
        case 401: "; the station id or password is wrong (HTTP Basic, security profile 1/2)"
        case 404: "; the station is unknown to the CSMS: register it (POST /api/v1/stations)"
        case 400: "; check the offered subprotocols (Sec-WebSocket-Protocol) and the URL path"
        default: ""
        }
    }
}
