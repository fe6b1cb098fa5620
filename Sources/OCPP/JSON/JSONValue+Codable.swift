/// Lets `JSONValue` sit inside Codable types (errorDetails, CustomDataType extras) with any coder.
extension JSONValue: Codable {
    /// Decodes any JSON; with `OCPPCoding` the value is taken over as-is without re-walking it.
    public init(from decoder: any Decoder) throws {
        if let direct = decoder as? JSONValueDecoder {
            self = direct.value
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members: [String: JSONValue] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let flag = try? single.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Encodes any JSON; with `OCPPCoding` the value is stored as-is.
    public func encode(to encoder: any Encoder) throws {
        if let direct = encoder as? JSONValueEncoder {
            direct.store(self)
            return
        }
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let flag):
            var single = encoder.singleValueContainer()
            try single.encode(flag)
        case .number(let number):
            var single = encoder.singleValueContainer()
            try single.encode(number)
        case .string(let string):
            var single = encoder.singleValueContainer()
            try single.encode(string)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, member) in members { try object.encode(member, forKey: AnyCodingKey(key)) }
        }
    }
}

/// A coding key for arbitrary member names, used where a type keeps members it does not model.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    /// The member name.
    public var stringValue: String
    /// The array index, when keying an array.
    public var intValue: Int?

    /// Keys a member by name.
    public init(_ string: String) {
        self.stringValue = string
        self.intValue = nil
    }

    /// Keys a member by name (CodingKey requirement).
    public init?(stringValue: String) {
        self.init(stringValue)
    }

    /// Keys an array element (CodingKey requirement).
    public init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
