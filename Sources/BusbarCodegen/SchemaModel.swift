/// A Swift type the generator will emit for a property.
indirect enum PropertyType: Equatable {
    case named(String)
    case string
    case date
    case int
    case double
    case bool
    case json
    case array(PropertyType)

    var swift: String {
        switch self {
        case .named(let name): name
        case .string: "String"
        case .date: "Date"
        case .int: "Int"
        case .double: "Double"
        case .bool: "Bool"
        case .json: "JSONValue"
        case .array(let element): "[\(element.swift)]"
        }
    }
}

/// One stored property of a generated struct.
struct PropertyModel {
    var name: String
    var type: PropertyType
    var isRequired: Bool
    var description: String?
}

/// A generated struct: a message (schema root) or an object datatype.
struct StructModel {
    var name: String
    var description: String?
    var properties: [PropertyModel]
    /// True when the schema lacks `additionalProperties: false` (CustomDataType): unknown members are kept.
    var keepsUnknownMembers: Bool
}

/// A generated `String`-raw enum.
struct EnumModel {
    var name: String
    var description: String?
    var cases: [(swiftName: String, rawValue: String)]
    var defaultValue: String?
}

/// A named datatype, with the schema files it was found in (first one is the source of its prose).
struct DefinitionModel {
    enum Kind {
        case object(StructModel)
        case enumeration(EnumModel)
    }
    var kind: Kind
    var sourceFiles: [String]
    var name: String {
        switch kind {
        case .object(let model): model.name
        case .enumeration(let model): model.name
        }
    }
}

/// One OCPP action with its Request and Response message structs.
struct ActionModel {
    var name: String
    var request: StructModel
    var response: StructModel
    var requestFile: String
    var responseFile: String
}

/// Everything the emitter needs, built from a schema directory, in deterministic (sorted) order.
struct SchemaModel {
    var actions: [ActionModel] = []
    var definitions: [DefinitionModel] = []
    /// Compact schema JSON (prose stripped) per schema name, for runtime validation.
    var embeddedSchemas: [(name: String, json: String)] = []
    /// Human-readable notes: definitions merged despite different prose, renamed conflicts, renamed enum cases.
    var notes: [String] = []

    /// Keys that never affect validation or generated types; dropped from embedded schemas and ignored when
    /// comparing same-named definitions.
    static let proseKeys: Set<String> = ["description", "javaType", "comment", "$schema"]

    init(files: [(fileName: String, text: String)]) throws(CodegenError) {
        var roots: [(name: String, file: String, root: SchemaJSON)] = []
        for file in files.sorted(by: { $0.fileName < $1.fileName }) {
            let root = try SchemaJSONReader.read(file.text, file: file.fileName)
            let name = String(file.fileName.dropLast(".json".count))
            roots.append((name, file.fileName, root))
        }

        var definitionIndex: [String: Int] = [:]  // emitted name -> index in definitions
        var canonical: [String: SchemaJSON] = [:]  // emitted name -> structure without prose
        var messages: [String: (StructModel, String)] = [:]

        for (schemaName, file, root) in roots {
            embeddedSchemas.append((schemaName, root.removingKeys(Self.proseKeys).compactText))
            // First pass: decide the Swift name of every definition in this file.
            var localNames: [String: String] = [:]
            for (definitionName, definition) in root["definitions"]?.members ?? [] {
                let structure = definition.removingKeys(Self.proseKeys)
                if let existing = canonical[definitionName], existing != structure {
                    let renamed = schemaName + definitionName
                    notes.append(
                        "\(definitionName) in \(file) differs from the first definition; emitted as \(renamed)")
                    localNames[definitionName] = renamed
                    canonical[renamed] = structure
                } else {
                    localNames[definitionName] = definitionName
                    canonical[definitionName] = structure
                }
            }
            // Second pass: build models.
            for (definitionName, definition) in root["definitions"]?.members ?? [] {
                let name = localNames[definitionName]!
                if let index = definitionIndex[name] {
                    definitions[index].sourceFiles.append(file)
                    continue
                }
                let kind = try Self.definitionKind(
                    name: name, schema: definition, file: file, path: "/definitions/\(definitionName)",
                    localNames: localNames, notes: &notes)
                definitionIndex[name] = definitions.count
                definitions.append(DefinitionModel(kind: kind, sourceFiles: [file]))
            }
            let message = try Self.structModel(
                name: schemaName, schema: root, file: file, path: "", localNames: localNames)
            messages[schemaName] = (message, file)
        }

        // Note prose differences between merged definitions, so a reviewer can see which description won.
        for (name, _) in canonical {
            var descriptions: [String: [String]] = [:]
            for (_, file, root) in roots {
                for (definitionName, definition) in root["definitions"]?.members ?? [] where definitionName == name {
                    descriptions[definition["description"]?.string ?? "", default: []].append(file)
                }
            }
            if descriptions.count > 1 {
                notes.append(
                    "\(name): identical structure in \(descriptions.values.map(\.count).reduce(0, +)) schemas but "
                        + "\(descriptions.count) different descriptions; kept the one from the first schema alphabetically")
            }
        }

        let actionNames = Set(
            messages.keys.compactMap { key -> String? in
                if key.hasSuffix("Request") { return String(key.dropLast("Request".count)) }
                if key.hasSuffix("Response") { return String(key.dropLast("Response".count)) }
                return nil
            })
        for action in actionNames.sorted() {
            guard let request = messages[action + "Request"] else {
                throw .unpairedMessage(action: action, missing: action + "Request")
            }
            guard let response = messages[action + "Response"] else {
                throw .unpairedMessage(action: action, missing: action + "Response")
            }
            actions.append(
                ActionModel(
                    name: action, request: request.0, response: response.0, requestFile: request.1,
                    responseFile: response.1))
        }
        definitions.sort { $0.name < $1.name }
        notes.sort()
    }

    private static func definitionKind(
        name: String, schema: SchemaJSON, file: String, path: String, localNames: [String: String],
        notes: inout [String]
    ) throws(CodegenError) -> DefinitionModel.Kind {
        if let values = schema["enum"] {
            guard schema["type"]?.string == "string" else {
                throw .unsupportedSchema(file: file, path: path, reason: "enum of a non-string type")
            }
            let rawValues = values.elements.compactMap(\.string)
            var used: Set<String> = []
            var cases: [(String, String)] = []
            for raw in rawValues {
                var swiftName = SwiftNaming.caseName(raw)
                if used.contains(swiftName) {
                    var suffix = 2
                    while used.contains(swiftName + String(suffix)) { suffix += 1 }
                    notes.append("\(name): case for \"\(raw)\" renamed to \(swiftName + String(suffix)) to avoid a clash")
                    swiftName += String(suffix)
                }
                used.insert(swiftName)
                cases.append((swiftName, raw))
            }
            return .enumeration(
                EnumModel(
                    name: name, description: schema["description"]?.string,
                    cases: cases.map { (swiftName: $0.0, rawValue: $0.1) }, defaultValue: schema["default"]?.string))
        }
        guard schema["type"]?.string == "object" else {
            throw .unsupportedSchema(file: file, path: path, reason: "definition is neither an enum nor an object")
        }
        return .object(try structModel(name: name, schema: schema, file: file, path: path, localNames: localNames))
    }

    private static func structModel(
        name: String, schema: SchemaJSON, file: String, path: String, localNames: [String: String]
    ) throws(CodegenError) -> StructModel {
        let required = Set(schema["required"]?.elements.compactMap(\.string) ?? [])
        var properties: [PropertyModel] = []
        for (propertyName, property) in schema["properties"]?.members ?? [] {
            let type = try propertyType(
                property, file: file, path: "\(path)/properties/\(propertyName)", localNames: localNames)
            properties.append(
                PropertyModel(
                    name: propertyName, type: type, isRequired: required.contains(propertyName),
                    description: property["description"]?.string))
        }
        // customData comes first in every schema; moving it last keeps initializers readable.
        properties.sort { ($0.name == "customData" ? 1 : 0) < ($1.name == "customData" ? 1 : 0) }
        let closed = schema["additionalProperties"] == .bool(false)
        return StructModel(
            name: name, description: schema["description"]?.string, properties: properties,
            keepsUnknownMembers: !closed)
    }

    private static func propertyType(
        _ schema: SchemaJSON, file: String, path: String, localNames: [String: String]
    ) throws(CodegenError) -> PropertyType {
        if let reference = schema["$ref"]?.string {
            let prefix = "#/definitions/"
            guard reference.hasPrefix(prefix), let name = localNames[String(reference.dropFirst(prefix.count))] else {
                throw .unsupportedSchema(file: file, path: path, reason: "unresolvable $ref \(reference)")
            }
            return .named(name)
        }
        switch schema["type"]?.string {
        case nil: return .json
        case "string":
            if schema["enum"] != nil {
                throw .unsupportedSchema(file: file, path: path, reason: "inline enum (expected a $ref to an EnumType)")
            }
            switch schema["format"]?.string {
            case nil: return .string
            case "date-time": return .date
            case let other?:
                throw .unsupportedSchema(file: file, path: path, reason: "string format \"\(other)\"")
            }
        case "integer": return .int
        case "number": return .double
        case "boolean": return .bool
        case "array":
            guard let items = schema["items"] else {
                throw .unsupportedSchema(file: file, path: path, reason: "array without items")
            }
            return .array(try propertyType(items, file: file, path: path + "/items", localNames: localNames))
        case let other?:
            throw .unsupportedSchema(file: file, path: path, reason: "inline property of type \"\(other)\"")
        }
    }
}
