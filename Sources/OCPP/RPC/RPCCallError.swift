/// An OCPP-J CALLERROR, `[4, "<MessageId>", "<errorCode>", "<errorDescription>", {<errorDetails>}]` (Part 4 §4.2.3).
///
/// Also thrown by handlers: whatever a handler throws as `RPCCallError` is sent back verbatim.
public struct RPCCallError: Error, Sendable, Hashable {
    /// Longest errorDescription allowed on the wire (Table 7: `string[255]`).
    public static let maximumDescriptionLength = 255

    /// The id of the CALL this answers, or "-1" when that id could not be read.
    public var messageId: String
    /// One of the Table 8 codes.
    public var errorCode: RPCErrorCode
    /// Human-readable cause, at most 255 characters ("" when nothing useful can be said).
    public var errorDescription: String
    /// Free-form JSON object with details; `{}` when there are none.
    public var errorDetails: JSONValue

    /// Creates a CALLERROR; `errorDescription` is truncated to 255 characters so the frame stays valid.
    public init(messageId: String, errorCode: RPCErrorCode, errorDescription: String, errorDetails: JSONValue = .object([:])) {
        self.messageId = messageId
        self.errorCode = errorCode
        self.errorDescription = Self.truncated(errorDescription)
        self.errorDetails = errorDetails
    }

    static func truncated(_ description: String) -> String {
        guard description.utf8.count > maximumDescriptionLength, description.count > maximumDescriptionLength else {
            return description
        }
        return String(description.prefix(maximumDescriptionLength))
    }
}

extension RPCCallError: CustomStringConvertible {
    /// One line for logs: code, message id and description.
    public var description: String { "\(errorCode.rawValue) for message \(messageId): \(errorDescription)" }
}
