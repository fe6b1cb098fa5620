/// The `JSONValueCodable` conformances: straight-line member reads and writes per type, so `OCPPCoding` skips
/// Codable's generic containers. Each must match the type's Codable conformance value for value and error for
/// error (OCPPTests compares the two paths over every action).
extension SwiftEmitter {
    static func fastCodable(_ model: StructModel) -> String {
        var out = "\nextension \(model.name): JSONValueCodable {\n"
        out += "    /// Reads each member straight from the parsed object; the fast path of `OCPPCoding.decode`.\n"
        out += "    public init(jsonValue: JSONValue) throws {\n"
        if model.properties.isEmpty && !model.keepsUnknownMembers {
            out += "        _ = try JSONObjectReader(jsonValue)\n"
        } else {
            out += "        let object = try JSONObjectReader(jsonValue)\n"
        }
        for property in model.properties {
            let method = property.isRequired ? "decode" : "decodeIfPresent"
            out += "        self.\(SwiftNaming.identifier(property.name)) = try object.\(method)(\(SchemaJSON.quoted(property.name)))\n"
        }
        if model.keepsUnknownMembers {
            // Like the Codable conformance: every member the schema does not name is kept as is, `null` included.
            out += "        var extra = object.members\n"
            for property in model.properties {
                out += "        extra.removeValue(forKey: \(SchemaJSON.quoted(property.name)))\n"
            }
            out += "        self.additionalProperties = extra\n"
        }
        out += "    }\n\n"
        out += "    /// Builds the object directly, omitting absent optionals; the fast path of `OCPPCoding.encode`.\n"
        out += "    public var jsonValue: JSONValue {\n"
        if model.keepsUnknownMembers {
            // Named members win over same-named extras, as in the Codable conformance.
            out += "        var members = additionalProperties\n"
            for property in model.properties {
                let key = SchemaJSON.quoted(property.name)
                let name = "self." + SwiftNaming.identifier(property.name)
                out +=
                    property.isRequired
                    ? "        members[\(key)] = \(name).jsonValue\n"
                    : "        members[\(key)] = \(name)?.jsonValue\n"
            }
        } else if model.properties.isEmpty {
            out += "        let members: [String: JSONValue] = [:]\n"
        } else {
            out += "        var members: [String: JSONValue] = [:]\n"
            out += "        members.reserveCapacity(\(model.properties.count))\n"
            for property in model.properties {
                let key = SchemaJSON.quoted(property.name)
                let name = "self." + SwiftNaming.identifier(property.name)
                out +=
                    property.isRequired
                    ? "        members[\(key)] = \(name).jsonValue\n"
                    : "        if let value = \(name) { members[\(key)] = value.jsonValue }\n"
            }
        }
        out += "        return .object(members)\n"
        out += "    }\n}\n"
        return out
    }

    static func fastCodable(_ model: EnumModel) -> String {
        var out = "\nextension \(model.name): JSONValueCodable {\n"
        out += "    /// Matches the raw value directly; an unknown value is `dataCorrupted`, worded as Codable words it.\n"
        out += "    public init(jsonValue: JSONValue) throws {\n"
        out += "        let raw = try String(jsonValue: jsonValue)\n"
        out += "        guard let value = Self(rawValue: raw) else { throw DecodingError.unknownRawValue(raw, of: Self.self) }\n"
        out += "        self = value\n"
        out += "    }\n\n"
        out += "    /// The raw value as a JSON string.\n"
        out += "    public var jsonValue: JSONValue { .string(rawValue) }\n"
        out += "}\n"
        return out
    }
}
