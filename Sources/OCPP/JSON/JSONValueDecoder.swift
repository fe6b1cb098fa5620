import Foundation

/// A `Decoder` reading straight from a parsed `JSONValue`, so a payload is parsed once, validated, then decoded
/// without a round trip through text. Dates are RFC 3339 strings (OCPP `date-time`).
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let path: CodingPathNode?
    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, path: CodingPathNode?) {
        self.value = value
        self.path = path
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self,
                .init(codingPath: codingPath, debugDescription: "expected an object, found \(value.typeName)"))
        }
        return KeyedDecodingContainer(KeyedContainer(members: members, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingError.typeMismatch(
                [JSONValue].self,
                .init(codingPath: codingPath, debugDescription: "expected an array, found \(value.typeName)"))
        }
        return UnkeyedContainer(elements: elements, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(value: value, path: path)
    }

    /// Decodes one value with the scalar and `Date` rules shared by all containers.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, path: CodingPathNode?) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        if T.self == Date.self { return try decodeDate(value, codingPath: path?.keys ?? []) as! T }
        if T.self == String.self { return try decodeString(value, codingPath: path?.keys ?? []) as! T }
        if T.self == Int.self { return try decodeInteger(Int.self, value, codingPath: path?.keys ?? []) as! T }
        if T.self == Double.self { return try decodeDouble(value, codingPath: path?.keys ?? []) as! T }
        if T.self == Bool.self { return try decodeBool(value, codingPath: path?.keys ?? []) as! T }
        return try T(from: JSONValueDecoder(value: value, path: path))
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value.typeName)"))
    }

    static func decodeString(_ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, codingPath()) }
        return string
    }

    static func decodeBool(_ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath()) }
        return flag
    }

    static func decodeDouble(_ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(Double.self, value, codingPath()) }
        return number
    }

    static func decodeInteger<I: BinaryInteger>(
        _ type: I.Type, _ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]
    ) throws -> I {
        guard case .number(let number) = value else { throw mismatch(type, value, codingPath()) }
        guard let exact = I(exactly: number) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath(), debugDescription: "\(number) is not an integer that fits \(type)"))
        }
        return exact
    }

    static func decodeDate(_ value: JSONValue, codingPath: @autoclosure () -> [any CodingKey]) throws -> Date {
        guard case .string(let text) = value else { throw mismatch(Date.self, value, codingPath()) }
        guard let date = OCPPDateTime.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath(), debugDescription: "\"\(text)\" is not an RFC 3339 date-time"))
        }
        return date
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let path: CodingPathNode?
    var codingPath: [any CodingKey] { path?.keys ?? [] }

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "required member \"\(key.stringValue)\" is missing"))
        }
        return value
    }

    private func child(_ key: Key) -> CodingPathNode { CodingPathNode(key: key, parent: path) }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try JSONValueDecoder.decodeBool(member(key), codingPath: child(key).keys)
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try JSONValueDecoder.decodeString(member(key), codingPath: child(key).keys)
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try JSONValueDecoder.decodeDouble(member(key), codingPath: child(key).keys)
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(try JSONValueDecoder.decodeDouble(member(key), codingPath: child(key).keys))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    private func integer<I: BinaryInteger>(_ type: I.Type, _ key: Key) throws -> I {
        try JSONValueDecoder.decodeInteger(type, member(key), codingPath: child(key).keys)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.decode(type, from: member(key), path: child(key))
    }

    // One dictionary lookup instead of the default contains + decodeNil + decode; `null` counts as absent.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try JSONValueDecoder.decodeString(value, codingPath: child(key).keys)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try JSONValueDecoder.decodeInteger(type, value, codingPath: child(key).keys)
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try JSONValueDecoder.decodeDouble(value, codingPath: child(key).keys)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try JSONValueDecoder.decodeBool(value, codingPath: child(key).keys)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try JSONValueDecoder.decode(type, from: value, path: child(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try JSONValueDecoder(value: member(key), path: child(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(value: member(key), path: child(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(value: .object(members), path: path)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(value: members[key.stringValue] ?? .null, path: child(key))
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let path: CodingPathNode?
    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var currentIndex = 0

    init(elements: [JSONValue], path: CodingPathNode?) {
        self.elements = elements
        self.path = path
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> (JSONValue, CodingPathNode) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                JSONValue.self, .init(codingPath: codingPath, debugDescription: "array has only \(elements.count) elements"))
        }
        let elementPath = CodingPathNode(key: AnyCodingKey(intValue: currentIndex)!, parent: path)
        defer { currentIndex += 1 }
        return (elements[currentIndex], elementPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = elements[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, elementPath) = try next()
        return try JSONValueDecoder.decode(type, from: value, path: elementPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let (value, elementPath) = try next()
        return try JSONValueDecoder(value: value, path: elementPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, elementPath) = try next()
        return try JSONValueDecoder(value: value, path: elementPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, elementPath) = try next()
        return JSONValueDecoder(value: value, path: elementPath)
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let path: CodingPathNode?
    var codingPath: [any CodingKey] { path?.keys ?? [] }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoder.decodeBool(value, codingPath: codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONValueDecoder.decodeString(value, codingPath: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONValueDecoder.decodeDouble(value, codingPath: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try JSONValueDecoder.decodeDouble(value, codingPath: codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONValueDecoder.decodeInteger(type, value, codingPath: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder.decode(type, from: value, path: path)
    }
}

/// The coding path as a parent-linked list: extending it costs one small allocation per nested value, and the
/// `[any CodingKey]` array is only built when an error or a custom `init(from:)` asks for it.
final class CodingPathNode {
    let key: any CodingKey
    let parent: CodingPathNode?

    init(key: any CodingKey, parent: CodingPathNode?) {
        self.key = key
        self.parent = parent
    }

    var keys: [any CodingKey] {
        var result: [any CodingKey] = []
        var node: CodingPathNode? = self
        while let current = node {
            result.append(current.key)
            node = current.parent
        }
        return result.reversed()
    }
}
