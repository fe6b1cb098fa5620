/// A JSON document as a value: OCPP payloads are routed, validated and logged before (or instead of) being decoded into typed messages.
///
/// Numbers are `Double` because JSON has one number type; integral values up to 2^53 survive exactly,
/// which covers every OCPP `integer` field.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// Object member lookup so routing code can read `payload["idToken"]` without a switch.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// Array element lookup that returns nil out of range, for the same reason as the key subscript.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string payload, if this is a string — saves a `switch` at call sites.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, if this is a number.
    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as `Int` when it is integral and in range; OCPP integers arrive as JSON numbers.
    public var intValue: Int? {
        guard case .number(let value) = self, let exact = Int(exactly: value) else { return nil }
        return exact
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The JSON type name used in error messages ("expected string, found number").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// Literal support keeps test vectors and hand-built payloads readable.
    public init(nilLiteral: ()) { self = .null }
    /// See `init(nilLiteral:)`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// See `init(nilLiteral:)`.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// See `init(nilLiteral:)`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// See `init(nilLiteral:)`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// See `init(nilLiteral:)`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// See `init(nilLiteral:)`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON, so values print usefully in logs and test failures.
    public var description: String { serialized() }
}
