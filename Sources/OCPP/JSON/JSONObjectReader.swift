/// Reads the members of one JSON object for a generated `init(jsonValue:)`, throwing what the Codable path
/// throws: a missing required member is `keyNotFound`, and a member's own error gets its key prepended.
struct JSONObjectReader {
    /// Every member of the object, for types that keep the members they do not name.
    let members: [String: JSONValue]

    /// Fails with `typeMismatch` unless `value` is an object, like a keyed container would.
    init(_ value: JSONValue) throws {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self,
                .init(codingPath: [], debugDescription: "expected an object, found \(value.typeName)"))
        }
        self.members = members
    }

    /// A required member found by the caller's scan of `members` (nil when absent); absent is `keyNotFound`,
    /// while `null` is decoded (and rejected) like any other value.
    func decode<T: JSONValueCodable>(_ key: String, _ member: JSONValue?) throws -> T {
        guard let value = member else {
            throw DecodingError.keyNotFound(
                AnyCodingKey(key), .init(codingPath: [], debugDescription: "required member \"\(key)\" is missing"))
        }
        return try Self.member(key, value)
    }

    /// An optional member found by the caller's scan; absent and `null` both mean nil, as with `decodeIfPresent`.
    func decodeIfPresent<T: JSONValueCodable>(_ key: String, _ member: JSONValue?) throws -> T? {
        guard let value = member else { return nil }
        if case .null = value { return nil }
        return try Self.member(key, value)
    }

    private static func member<T: JSONValueCodable>(_ key: String, _ value: JSONValue) throws -> T {
        do {
            return try T(jsonValue: value)
        } catch let error as DecodingError {
            throw error.prefixed(with: AnyCodingKey(key))
        }
    }
}
