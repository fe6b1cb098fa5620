/// One OCPP-J frame, the unit a WebSocket text message carries (Part 4 §4.2).
public enum RPCMessage: Sendable, Hashable {
    /// A request, message type 2.
    case call(RPCCall)
    /// A successful response, message type 3.
    case callResult(RPCCallResult)
    /// An error response, message type 4.
    case callError(RPCCallError)

    /// MessageTypeId of a CALL.
    public static let callTypeId = 2
    /// MessageTypeId of a CALLRESULT.
    public static let callResultTypeId = 3
    /// MessageTypeId of a CALLERROR.
    public static let callErrorTypeId = 4
    /// Longest MessageId allowed (Table 4: `string[36]`, room for a UUID).
    public static let maximumMessageIdLength = 36

    /// The id that correlates a CALL with its CALLRESULT or CALLERROR.
    public var messageId: String {
        switch self {
        case .call(let call): call.messageId
        case .callResult(let result): result.messageId
        case .callError(let error): error.messageId
        }
    }

    /// The frame as a JSON array, e.g. for logging next to other JSON.
    public var jsonValue: JSONValue {
        switch self {
        case .call(let call):
            [.number(Double(Self.callTypeId)), .string(call.messageId), .string(call.action), call.payload]
        case .callResult(let result):
            [.number(Double(Self.callResultTypeId)), .string(result.messageId), result.payload]
        case .callError(let error):
            [
                .number(Double(Self.callErrorTypeId)), .string(error.messageId), .string(error.errorCode.rawValue),
                .string(RPCCallError.truncated(error.errorDescription)), error.errorDetails,
            ]
        }
    }

    /// Compact JSON text ready to send as one WebSocket text message.
    public func serialized() -> String {
        jsonValue.serialized()
    }
}
