/// Why an operator command was refused; `field` names the input at fault so the HTTP API can
/// answer 4xx with it and the CLI can print it.
public struct OperatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal, which decides the HTTP status.
    public enum Code: Sendable, Hashable {
        /// Input breaks a rule (422).
        case invalid
        /// The thing already exists (409).
        case conflict
        /// The thing does not exist (404).
        case notFound
        /// Storage failed (500); nothing was written.
        case storage
    }

    /// The kind of refusal.
    public var code: Code
    /// The input field at fault, as named in the API (e.g. "password").
    public var field: String?
    /// What was wrong and how to fix it.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, field: String? = nil, _ reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "\(field): \(reason)" }
        return reason
    }
}
