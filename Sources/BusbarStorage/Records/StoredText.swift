import Foundation

/// The one rule every text column obeys: no U+0000. GRDB binds a Swift `String` with
/// `sqlite3_bind_text(…, -1, …)` and reads text back with `String(cString:)`, so SQLite — and any
/// `WHERE key = ?` — would see only what comes before the first U+0000 ("TAG1\u{0}junk" matched
/// "TAG1"). Refusing such text before it is bound keeps every stored and compared value whole.
/// The edges (the operator API, the OCPP dispatcher) refuse it earlier, naming the field.
public enum StoredText {
    /// True when `text` can be stored and compared whole.
    public static func isStorable(_ text: String) -> Bool {
        !text.utf8.contains(0)
    }

    /// True when `text` is nil or storable.
    public static func isStorable(_ text: String?) -> Bool {
        text.map(isStorable) ?? true
    }

    /// True when every text given is storable; fixed parameters rather than an array, so the
    /// write path (a dozen meter values per TransactionEvent) checks without allocating.
    static func allStorable(
        _ a: String?, _ b: String? = nil, _ c: String? = nil, _ d: String? = nil, _ e: String? = nil, _ f: String? = nil,
        _ g: String? = nil, _ h: String? = nil
    ) -> Bool {
        isStorable(a) && isStorable(b) && isStorable(c) && isStorable(d) && isStorable(e) && isStorable(f) && isStorable(g)
            && isStorable(h)
    }

    /// Throws `.invalid` naming the first field whose text holds U+0000.
    static func check(_ entity: String, key: @autoclosure () -> String, _ fields: [(name: String, text: String?)]) throws(StorageError) {
        guard let bad = fields.first(where: { !isStorable($0.text) }) else { return }
        throw .invalid(
            entity, key: key().replacingNul(), field: bad.name,
            reason: "contains U+0000, which the store cannot keep; send the text without it")
    }
}

extension String {
    /// The text with U+0000 shown as `\u{0}`, for messages that echo a refused key.
    func replacingNul() -> String {
        isEmpty || StoredText.isStorable(self) ? self : replacingOccurrences(of: "\u{0}", with: "\\u{0}")
    }
}
