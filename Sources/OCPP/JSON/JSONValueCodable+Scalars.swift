import Foundation

// The leaves of the fast path reuse the Codable decoder's scalar rules, so both paths accept and reject the
// same values with the same messages. Paths are empty here: the enclosing member or element prefixes its key.

extension String: JSONValueCodable {
    /// Decodes a JSON string.
    public init(jsonValue: JSONValue) throws { self = try JSONValueDecoder.decodeString(jsonValue, codingPath: []) }
    /// The string as JSON.
    public var jsonValue: JSONValue { .string(self) }
}

extension Int: JSONValueCodable {
    /// Decodes a JSON number that is integral and in range (OCPP `integer`).
    public init(jsonValue: JSONValue) throws {
        self = try JSONValueDecoder.decodeInteger(Int.self, jsonValue, codingPath: [])
    }
    /// The integer as a JSON number.
    public var jsonValue: JSONValue { .number(Double(self)) }
}

extension Double: JSONValueCodable {
    /// Decodes a JSON number (OCPP `number`).
    public init(jsonValue: JSONValue) throws { self = try JSONValueDecoder.decodeDouble(jsonValue, codingPath: []) }
    /// The number as JSON.
    public var jsonValue: JSONValue { .number(self) }
}

extension Bool: JSONValueCodable {
    /// Decodes a JSON boolean.
    public init(jsonValue: JSONValue) throws { self = try JSONValueDecoder.decodeBool(jsonValue, codingPath: []) }
    /// The boolean as JSON.
    public var jsonValue: JSONValue { .bool(self) }
}

extension Date: JSONValueCodable {
    /// Decodes an RFC 3339 `date-time` string with `OCPPDateTime`, like the Codable path.
    public init(jsonValue: JSONValue) throws { self = try JSONValueDecoder.decodeDate(jsonValue, codingPath: []) }
    /// UTC with milliseconds, the format `OCPPCoding.encode` has always written.
    public var jsonValue: JSONValue { .string(OCPPDateTime.format(self)) }
}

extension JSONValue: JSONValueCodable {
    /// Takes any JSON as is (free-form members such as `DataTransfer.data`).
    public init(jsonValue: JSONValue) { self = jsonValue }
    /// The value itself.
    public var jsonValue: JSONValue { self }
}

extension Array: JSONValueCodable where Element: JSONValueCodable {
    /// Decodes a JSON array element by element; an element's error names its index.
    public init(jsonValue: JSONValue) throws {
        guard case .array(let elements) = jsonValue else {
            throw DecodingError.typeMismatch(
                [JSONValue].self, .init(codingPath: [], debugDescription: "expected an array, found \(jsonValue.typeName)"))
        }
        var decoded: [Element] = []
        decoded.reserveCapacity(elements.count)
        for index in elements.indices {
            do {
                decoded.append(try Element(jsonValue: elements[index]))
            } catch let error as DecodingError {
                throw error.prefixed(with: AnyCodingKey(intValue: index)!)
            }
        }
        self = decoded
    }

    /// The elements as a JSON array.
    public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}
