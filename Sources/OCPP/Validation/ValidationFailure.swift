/// One way a payload breaks its OCPP 2.0.1 schema: the CALLERROR code it maps to, where, and why.
public struct ValidationFailure: Error, Sendable, Hashable {
    /// The Table 8 code this violation is answered with (see `OCPPValidator` for the mapping).
    public var code: RPCErrorCode
    /// JSON pointer (RFC 6901) to the offending value, e.g. "/chargingStation/model"; "" is the payload itself.
    public var path: String
    /// What is wrong, in words a station developer can act on.
    public var reason: String

    /// Creates a failure; `path` is a JSON pointer.
    public init(code: RPCErrorCode, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// The CALLERROR answering the CALL `messageId`; the pointer is repeated in errorDetails for tooling.
    public func callError(messageId: String) -> RPCCallError {
        RPCCallError(
            messageId: messageId, errorCode: code, errorDescription: description,
            errorDetails: .object(["path": .string(path)]))
    }
}

extension ValidationFailure: CustomStringConvertible {
    /// "<path>: <reason>", the form used in CALLERROR descriptions and logs.
    public var description: String { "\(path.isEmpty ? "payload" : path): \(reason)" }
}
