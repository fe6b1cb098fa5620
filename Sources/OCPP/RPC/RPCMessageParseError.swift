/// Why an incoming WebSocket text message is not a usable OCPP-J frame, and whether to answer it.
///
/// `shouldReply` is false when the bad frame was itself a CALLERROR: answering an error with an error can
/// loop between two peers forever, so such frames are only logged.
public struct RPCMessageParseError: Error, Sendable, Hashable {
    /// The CALLERROR to send back (or to log, when `shouldReply` is false).
    public var callError: RPCCallError
    /// False when the frame was a CALLERROR (MessageTypeId 4); never answer those.
    public var shouldReply: Bool

    /// Creates a parse error; use `shouldReply: false` only for frames that were CALLERRORs.
    public init(callError: RPCCallError, shouldReply: Bool) {
        self.callError = callError
        self.shouldReply = shouldReply
    }

    /// The frame to send back, or nil when the policy is to stay silent.
    public var reply: RPCMessage? { shouldReply ? .callError(callError) : nil }
}

extension RPCMessageParseError: CustomStringConvertible {
    /// One line for logs.
    public var description: String { callError.description + (shouldReply ? "" : " (not answered: frame was a CALLERROR)") }
}
