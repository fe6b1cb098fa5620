/// Rules for a charging station identity (Part 4 §3.1.1): identifierString (Part 2 §2.1.3) of at
/// most 48 characters, without ':' because the identity is also the Basic auth username.
public enum StationIdentity {
    /// Longest identity Part 4 allows.
    public static let maxLength = 48

    /// Nil when `id` is a valid identity, else the reason it is not.
    public static func problem(with id: String) -> String? {
        if id.isEmpty { return "must not be empty" }
        if id.count > maxLength { return "is \(id.count) characters; at most \(maxLength) allowed (OCPP-J §3.1.1)" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-_=+|@.")
        if let bad = id.first(where: { !allowed.contains($0) }) {
            return "contains '\(bad)'; use letters, digits and * - _ = + | @ . (identifierString without ':')"
        }
        return nil
    }

    /// Nil when `password` is a valid passwordString (16–40 characters, SecurityCtrlr.BasicAuthPassword).
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < 16 || password.count > 40 {
            return "must be 16 to 40 characters (SecurityCtrlr.BasicAuthPassword), got \(password.count)"
        }
        if password.contains(where: { $0.isWhitespace || $0.isNewline }) { return "must not contain white space" }
        return nil
    }
}
