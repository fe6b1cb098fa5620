/// An OCPP-J CALLRESULT, `[3, "<MessageId>", {<Payload>}]` (Part 4 §4.2.2); matched to its CALL by `messageId` only.
public struct RPCCallResult: Sendable, Hashable {
    /// The id of the CALL this answers.
    public var messageId: String
    /// The response payload; always a JSON object on the wire.
    public var payload: JSONValue

    /// Creates a CALLRESULT answering the CALL with `messageId`.
    public init(messageId: String, payload: JSONValue) {
        self.messageId = messageId
        self.payload = payload
    }
}
