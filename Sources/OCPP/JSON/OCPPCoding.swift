/// The one place OCPP payloads cross between `JSONValue` and typed messages, so every caller gets the same
/// date format (RFC 3339, UTC with milliseconds on output) and the same omission of absent optionals.
///
/// Use this rather than Foundation's `JSONEncoder`/`JSONDecoder`: those encode `Date` as a number by default.
public enum OCPPCoding {
    /// Decodes a typed message or datatype from a parsed payload; throws `DecodingError` naming the coding path.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoder.decode(type, from: value, path: nil)
    }

    /// Encodes a typed message or datatype into a payload ready to validate or serialize.
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoder.encode(value, codingPath: [])
    }
}
