/// Why a text is not JSON, with the byte offset so a station's frame can be pointed at in logs.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset (UTF-8) where parsing stopped.
    public var offset: Int
    /// What was expected or found there.
    public var reason: String

    /// Creates an error at `offset`; `reason` should say what was expected.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// One line for logs and CALLERROR descriptions.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
