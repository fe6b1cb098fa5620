/// Direct conversion between a type and `JSONValue`, bypassing Codable's generic containers; every generated
/// OCPP type conforms so `OCPPCoding` can decode and encode hot messages without keyed-container boxes.
///
/// The contract is equivalence with the Codable path: the same value, the same payload, and the same
/// `DecodingError` (coding path relative to the decoded value) as `OCPPCoding` produced through Codable.
public protocol JSONValueCodable {
    /// Decodes from a parsed payload; errors are `DecodingError` with a coding path relative to `jsonValue`.
    init(jsonValue: JSONValue) throws
    /// The payload this value encodes to: absent optionals omitted, dates as RFC 3339 UTC with milliseconds.
    var jsonValue: JSONValue { get }
}
