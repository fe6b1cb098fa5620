/// The CALLERROR error codes of OCPP-J Part 4 §4.3 Table 8 — the only values a CALLERROR may carry.
public enum RPCErrorCode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Payload for Action is syntactically incorrect.
    case formatViolation = "FormatViolation"
    /// Any other error not covered by the more specific error codes.
    case genericError = "GenericError"
    /// The receiver could not process the Action because of an internal error.
    case internalError = "InternalError"
    /// The Message Type Number is not supported by this implementation.
    case messageTypeNotSupported = "MessageTypeNotSupported"
    /// The requested Action is not known by the receiver.
    case notImplemented = "NotImplemented"
    /// The requested Action is recognized but not supported by the receiver.
    case notSupported = "NotSupported"
    /// Payload is syntactically correct but a field violates occurrence constraints (missing, too few/many items).
    case occurrenceConstraintViolation = "OccurrenceConstraintViolation"
    /// Payload is syntactically correct but a field contains an invalid value.
    case propertyConstraintViolation = "PropertyConstraintViolation"
    /// Payload for Action does not conform to the PDU structure.
    case protocolError = "ProtocolError"
    /// Content of the call is not a valid RPC request, e.g. the MessageId could not be read.
    case rpcFrameworkError = "RpcFrameworkError"
    /// A security issue prevented the receiver from completing the Action.
    case securityError = "SecurityError"
    /// Payload is syntactically correct but a field violates data type constraints (e.g. `"somestring": 12`).
    case typeConstraintViolation = "TypeConstraintViolation"
}
