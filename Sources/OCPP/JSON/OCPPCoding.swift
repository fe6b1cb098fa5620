/// The one place OCPP payloads cross between `JSONValue` and typed messages, so every caller gets the same
/// date format (RFC 3339, UTC with milliseconds on output) and the same omission of absent optionals.
///
/// Use this rather than Foundation's `JSONEncoder`/`JSONDecoder`: those encode `Date` as a number by default.
/// Generated types take the `JSONValueCodable` fast path; anything else goes through Codable.
public enum OCPPCoding {
    /// Decodes a typed message or datatype from a parsed payload; throws `DecodingError` naming the coding path.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if let fast = T.self as? any JSONValueCodable.Type {
            return try decode(fast, from: value, as: type)
        }
        return try JSONValueDecoder.decode(type, from: value, path: nil)
    }

    /// Encodes a typed message or datatype into a payload ready to validate or serialize.
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let fast = T.self as? any JSONValueCodable.Type {
            return encode(value, as: fast)
        }
        return try JSONValueEncoder.encode(value, codingPath: [])
    }

    // `Fast` is `T` itself, opened from the existential; the casts are same-type copies, with no boxing.
    private static func decode<Fast: JSONValueCodable, T>(_ fast: Fast.Type, from value: JSONValue, as _: T.Type) throws -> T {
        try Fast(jsonValue: value) as! T
    }

    private static func encode<T, Fast: JSONValueCodable>(_ value: T, as _: Fast.Type) -> JSONValue {
        (value as! Fast).jsonValue
    }
}
