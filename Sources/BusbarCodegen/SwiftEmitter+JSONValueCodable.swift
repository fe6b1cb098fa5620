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
            out += memberScan(model)
        }
        for property in model.properties {
            let method = property.isRequired ? "decode" : "decodeIfPresent"
            let key = SchemaJSON.quoted(property.name)
            out += "        self.\(SwiftNaming.identifier(property.name)) = try object.\(method)(\(key), \(local(property)))\n"
        }
        if model.keepsUnknownMembers { out += "        self.additionalProperties = extra\n" }
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

    /// One pass over the members, matching each key against the schema's names (cheap comparisons of short
    /// strings) instead of hashing every property name for a lookup; the members are decoded afterwards in
    /// declaration order, so the first error is the one the Codable path reports.
    static func memberScan(_ model: StructModel) -> String {
        var out = ""
        for property in model.properties { out += "        var \(local(property)): JSONValue?\n" }
        // Like the Codable conformance: every member the schema does not name is kept as is, `null` included.
        if model.keepsUnknownMembers { out += "        var extra: [String: JSONValue] = [:]\n" }
        out += "        for (key, member) in object.members {\n"
        out += "            switch key {\n"
        for property in model.properties {
            out += "            case \(SchemaJSON.quoted(property.name)): \(local(property)) = member\n"
        }
        out += model.keepsUnknownMembers ? "            default: extra[key] = member\n" : "            default: break\n"
        out += "            }\n"
        out += "        }\n"
        return out
    }

    /// The scan's local for a property; the suffix keeps it clear of keywords and of the scan's own names.
    static func local(_ property: PropertyModel) -> String {
        property.name + "Member"
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
