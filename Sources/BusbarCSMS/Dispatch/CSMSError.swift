import OCPP

/// A use case's refusal to acknowledge a CALL, carried to the station as a CALLERROR.
public struct CSMSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The OCPP-J error code sent back (Part 4 Table 8).
    public var code: RPCErrorCode
    /// What went wrong, for the station's log and ours.
    public var reason: String

    /// Creates an error with a code and a reason.
    public init(code: RPCErrorCode, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The station sent a CALL it may not send in its registration state (B02.FR.09, B03.FR.07).
    public static func securityError(_ reason: String) -> CSMSError { .init(code: .securityError, reason: reason) }
    /// Storage or another internal part failed; the CALL is not acknowledged so the station retries.
    public static func internalError(_ reason: String) -> CSMSError { .init(code: .internalError, reason: reason) }
    /// The payload passed the schema but breaks a rule of the use case.
    public static func propertyConstraint(_ reason: String) -> CSMSError { .init(code: .propertyConstraintViolation, reason: reason) }

    public var description: String { "\(code.rawValue): \(reason)" }

    /// The CALLERROR frame for this error.
    public func callError(messageId: String) -> RPCCallError {
        RPCCallError(messageId: messageId, errorCode: code, errorDescription: String(reason.prefix(255)))
    }
}
