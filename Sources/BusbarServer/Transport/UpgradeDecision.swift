import NIOHTTP1
import WSCore

/// What the CSMS answers to a station's WebSocket upgrade request (Part 4 §3.1).
enum UpgradeDecision: Sendable {
    /// Switch protocols: `headers` carry the negotiated subprotocol and extensions.
    case accept(AcceptedStation, headers: HTTPHeaders, extensions: [any WebSocketExtension])
    /// Refuse with an HTTP status (404 unknown station, 401 bad credentials …) and a reason.
    case reject(HTTPResponseStatus, reason: String)
}

/// A station whose upgrade was accepted, with what the session needs to know about it.
struct AcceptedStation: Sendable {
    /// The identity from the URL path.
    let stationId: String
    /// The security profile it authenticated under.
    let securityProfile: Int
    /// False when no common subprotocol was found: Part 4 §3.1.2 wants the handshake completed
    /// without Sec-WebSocket-Protocol and the connection closed at once.
    let subprotocolAgreed: Bool
}
