/// A storage failure the caller can act on: what kind, which entity and key, and what to do.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure a caller branches on (answer a CALLERROR, retry, or report a bug).
    public enum Code: String, Sendable, Hashable {
        /// The entity named by the key does not exist.
        case notFound
        /// The write would duplicate an entity that must be unique.
        case conflict
        /// The value breaks a rule of the schema (length, range, known enumeration).
        case invalid
        /// The database itself failed (I/O, corruption, closed store); the write did not happen.
        case backend
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence naming the entity, its key and what to do.
    public var message: String

    /// Makes an error from a code and a message; prefer the static constructors.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The entity does not exist; `hint` says how to make it exist.
    public static func notFound(_ entity: String, key: String, hint: String = "") -> StorageError {
        StorageError(code: .notFound, message: "\(entity) '\(key)' does not exist" + Self.suffix(hint))
    }

    /// The entity already exists; `hint` says how to change it instead.
    public static func conflict(_ entity: String, key: String, hint: String = "") -> StorageError {
        StorageError(code: .conflict, message: "\(entity) '\(key)' already exists" + Self.suffix(hint))
    }

    /// A field of the entity is invalid; `reason` says what it must be.
    public static func invalid(_ entity: String, key: String, field: String, reason: String) -> StorageError {
        StorageError(code: .invalid, message: "\(entity) '\(key)': \(field) \(reason)")
    }

    /// The database failed while handling the entity; carries SQLite's own words.
    public static func backend(_ entity: String, key: String, reason: String) -> StorageError {
        StorageError(code: .backend, message: "\(entity) '\(key)': database failure: \(reason)")
    }

    /// The code and message, for logs.
    public var description: String { "\(code.rawValue): \(message)" }

    private static func suffix(_ hint: String) -> String { hint.isEmpty ? "" : "; \(hint)" }
}
