import Foundation

/// An `Encoder` producing a `JSONValue`, so an outgoing message can be validated before it is serialized.
/// Dates become RFC 3339 UTC strings with milliseconds; `nil` optionals are omitted (OCPP forbids `null` for
/// absent fields, Part 4 §4.1.5).
final class JSONValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private(set) var slot: EncodingSlot?

    init(codingPath: [any CodingKey] = []) {
        self.codingPath = codingPath
    }

    /// Takes a finished value, used by `JSONValue.encode(to:)` to skip the generic path.
    func store(_ value: JSONValue) {
        slot = .value(value)
    }

    /// The encoded value; an encoder nobody wrote to yields an empty object, matching synthesized Codable for empty structs.
    var result: JSONValue { slot?.resolved ?? .object([:]) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: ObjectBox
        if case .object(let existing) = slot {
            object = existing
        } else {
            object = ObjectBox()
            slot = .object(object)
        }
        return KeyedEncodingContainer(KeyedContainer(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: ArrayBox
        if case .array(let existing) = slot {
            array = existing
        } else {
            array = ArrayBox()
            slot = .array(array)
        }
        return UnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    /// Encodes one value with the shared scalar and `Date` rules.
    static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        switch value {
        case let json as JSONValue: return json
        case let date as Date: return .string(OCPPDateTime.format(date))
        case let string as String: return .string(string)
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .number(Double(number))
        case let number as Double: return .number(number)
        default:
            let encoder = JSONValueEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.result
        }
    }
}

/// Where an encoder's output lives until it is resolved; containers share boxes so nested writes land in place.
enum EncodingSlot {
    case value(JSONValue)
    case object(ObjectBox)
    case array(ArrayBox)
    case encoder(JSONValueEncoder)

    var resolved: JSONValue {
        switch self {
        case .value(let value): value
        case .object(let box): .object(box.members.mapValues(\.resolved))
        case .array(let box): .array(box.elements.map(\.resolved))
        case .encoder(let encoder): encoder.result
        }
    }
}

final class ObjectBox {
    var members: [String: EncodingSlot] = [:]
}

final class ArrayBox {
    var elements: [EncodingSlot] = []
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectBox
    let codingPath: [any CodingKey]

    func encodeNil(forKey key: Key) { object.members[key.stringValue] = .value(.null) }
    func encode(_ value: Bool, forKey key: Key) { object.members[key.stringValue] = .value(.bool(value)) }
    func encode(_ value: String, forKey key: Key) { object.members[key.stringValue] = .value(.string(value)) }
    func encode(_ value: Double, forKey key: Key) { object.members[key.stringValue] = .value(.number(value)) }
    func encode(_ value: Float, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: Int, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: Int8, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: Int16, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: Int32, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: Int64, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: UInt, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: UInt8, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: UInt16, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: UInt32, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }
    func encode(_ value: UInt64, forKey key: Key) { object.members[key.stringValue] = .value(.number(Double(value))) }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.members[key.stringValue] = .value(try JSONValueEncoder.encode(value, codingPath: codingPath + [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = ObjectBox()
        object.members[key.stringValue] = .object(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        object.members[key.stringValue] = .array(nested)
        return UnkeyedContainer(array: nested, codingPath: codingPath + [key])
    }

    func superEncoder() -> any Encoder {
        superEncoder(forKey: Key(stringValue: "super")!)
    }

    func superEncoder(forKey key: Key) -> any Encoder {
        let encoder = JSONValueEncoder(codingPath: codingPath + [key])
        object.members[key.stringValue] = .encoder(encoder)
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArrayBox
    let codingPath: [any CodingKey]
    var count: Int { array.elements.count }

    private var nextPath: [any CodingKey] { codingPath + [AnyCodingKey(intValue: count)!] }

    func encodeNil() { array.elements.append(.value(.null)) }

    func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(.value(try JSONValueEncoder.encode(value, codingPath: nextPath)))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectBox()
        let path = nextPath
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested, codingPath: path))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayBox()
        let path = nextPath
        array.elements.append(.array(nested))
        return UnkeyedContainer(array: nested, codingPath: path)
    }

    func superEncoder() -> any Encoder {
        let encoder = JSONValueEncoder(codingPath: nextPath)
        array.elements.append(.encoder(encoder))
        return encoder
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    func encodeNil() { encoder.store(.null) }
    func encode(_ value: Bool) { encoder.store(.bool(value)) }
    func encode(_ value: String) { encoder.store(.string(value)) }
    func encode(_ value: Double) { encoder.store(.number(value)) }
    func encode(_ value: Float) { encoder.store(.number(Double(value))) }
    func encode(_ value: Int) { encoder.store(.number(Double(value))) }
    func encode(_ value: Int8) { encoder.store(.number(Double(value))) }
    func encode(_ value: Int16) { encoder.store(.number(Double(value))) }
    func encode(_ value: Int32) { encoder.store(.number(Double(value))) }
    func encode(_ value: Int64) { encoder.store(.number(Double(value))) }
    func encode(_ value: UInt) { encoder.store(.number(Double(value))) }
    func encode(_ value: UInt8) { encoder.store(.number(Double(value))) }
    func encode(_ value: UInt16) { encoder.store(.number(Double(value))) }
    func encode(_ value: UInt32) { encoder.store(.number(Double(value))) }
    func encode(_ value: UInt64) { encoder.store(.number(Double(value))) }
    func encode<T: Encodable>(_ value: T) throws {
        encoder.store(try JSONValueEncoder.encode(value, codingPath: codingPath))
    }
}
