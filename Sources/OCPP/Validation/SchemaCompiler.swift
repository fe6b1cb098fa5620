/// Why an embedded schema could not be compiled; only a generator or schema change can cause it.
struct SchemaCompileError: Error, CustomStringConvertible {
    var schema: String
    var path: String
    var reason: String
    var description: String { "schema \(schema) at \(path): \(reason) — extend CompiledSchema or fix the schema" }
}

/// Compiles one schema document, resolving `#/definitions/…` references once and sharing the result.
struct SchemaCompiler {
    let name: String
    let definitions: [String: JSONValue]
    private var compiled: [String: CompiledSchema] = [:]
    private var inProgress: Set<String> = []

    init(name: String, document: JSONValue) {
        self.name = name
        self.definitions = document["definitions"]?.objectValue ?? [:]
    }

    mutating func compile(_ node: JSONValue, path: String) throws(SchemaCompileError) -> CompiledSchema {
        guard case .object(let keywords) = node else { throw fail(path, "schema is not an object") }
        for key in keywords.keys where !CompiledSchema.ignoredKeywords.contains(key) {
            guard CompiledSchema.handledKeywords.contains(key) else { throw fail(path, "unsupported keyword \"\(key)\"") }
        }
        if let reference = keywords["$ref"] {
            guard keywords.count == 1 || keywords.keys.allSatisfy({ $0 == "$ref" || CompiledSchema.ignoredKeywords.contains($0) })
            else { throw fail(path, "$ref next to other constraints") }
            return try resolve(reference, path: path)
        }
        switch keywords["type"]?.stringValue {
        case nil:
            return CompiledSchema(rules: .anything)
        case "object":
            var properties: [String: CompiledSchema] = [:]
            var order: [String] = []
            for (key, property) in (keywords["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                properties[key] = try compile(property, path: path + "/properties/" + key)
                order.append(key)
            }
            let required = keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let closed = keywords["additionalProperties"] == .bool(false)
            return CompiledSchema(rules: .object(properties: properties, order: order, required: required, closed: closed))
        case "array":
            let items = try keywords["items"].map { (items) throws(SchemaCompileError) in
                try compile(items, path: path + "/items")
            }
            return CompiledSchema(
                rules: .array(items: items, minItems: keywords["minItems"]?.intValue, maxItems: keywords["maxItems"]?.intValue))
        case "string":
            let allowed = keywords["enum"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
            let format = keywords["format"]?.stringValue
            guard format == nil || format == "date-time" else { throw fail(path, "unsupported format \"\(format!)\"") }
            return CompiledSchema(
                rules: .string(maxLength: keywords["maxLength"]?.intValue, allowed: allowed, isDateTime: format == "date-time"))
        case "integer":
            return CompiledSchema(
                rules: .integer(minimum: keywords["minimum"]?.doubleValue, maximum: keywords["maximum"]?.doubleValue))
        case "number":
            return CompiledSchema(
                rules: .number(minimum: keywords["minimum"]?.doubleValue, maximum: keywords["maximum"]?.doubleValue))
        case "boolean":
            return CompiledSchema(rules: .boolean)
        case let other?:
            throw fail(path, "unsupported type \"\(other)\"")
        }
    }

    private mutating func resolve(_ reference: JSONValue, path: String) throws(SchemaCompileError) -> CompiledSchema {
        let prefix = "#/definitions/"
        guard let text = reference.stringValue, text.hasPrefix(prefix) else {
            throw fail(path, "unsupported $ref \(reference)")
        }
        let definitionName = String(text.dropFirst(prefix.count))
        if let done = compiled[definitionName] { return done }
        guard let definition = definitions[definitionName] else { throw fail(path, "$ref to missing definition \(definitionName)") }
        guard !inProgress.contains(definitionName) else { throw fail(path, "recursive definition \(definitionName)") }
        inProgress.insert(definitionName)
        let result = try compile(definition, path: "/definitions/" + definitionName)
        inProgress.remove(definitionName)
        compiled[definitionName] = result
        return result
    }

    private func fail(_ path: String, _ reason: String) -> SchemaCompileError {
        SchemaCompileError(schema: name, path: path.isEmpty ? "/" : path, reason: reason)
    }
}
