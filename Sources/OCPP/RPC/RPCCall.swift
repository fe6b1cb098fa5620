/// An OCPP-J CALL, `[2, "<MessageId>", "<Action>", {<Payload>}]` (Part 4 §4.2.1).
///
/// `action` stays a `String` so an unknown action still parses and can be answered with `NotImplemented`.
public struct RPCCall: Sendable, Hashable {
    /// Unique per sender and connection, at most 36 characters; the reply echoes it.
    public var messageId: String
    /// The message name without the "Request" suffix, case-sensitive (e.g. "BootNotification").
    public var action: String
    /// The request payload; always a JSON object on the wire.
    public var payload: JSONValue

    /// Creates a CALL; the caller is responsible for a fresh `messageId`.
    public init(messageId: String, action: String, payload: JSONValue) {
        self.messageId = messageId
        self.action = action
        self.payload = payload
    }

    /// The action as a known OCPP 2.0.1 action, or nil when the receiver must answer `NotImplemented`.
    public var knownAction: OCPPAction? { OCPPAction(rawValue: action) }
}
