import Foundation
import Yams

/// A validator for the subset of JSON Schema draft-07 that `Sites/site.schema.json` uses: `type`,
/// `properties`, `required`, `additionalProperties`, `items`, `enum`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `minItems`, `maxItems`, `minLength`, `pattern`, `$ref` to
/// `#/definitions/…`. No JSON-Schema package is available here, so this is ours; a keyword
/// outside the subset is refused when the schema loads, so the schema cannot silently mean more.
public struct JSONSchemaValidator: Sendable {
    private let root: [String: any Sendable]

    /// The keywords this validator understands.
    public static let keywords: Set<String> = [
        "$schema", "$id", "$ref", "title", "description", "definitions", "type", "properties", "required",
        "additionalProperties", "items", "enum", "minimum", "maximum", "exclusiveMinimum", "minItems",
        "maxItems", "minLength", "pattern", "default", "examples",
    ]

    /// Loads a schema from JSON data, refusing keywords outside the subset.
    public init(schemaData: Data) throws(SiteFileError) {
        // Read through Yams (JSON is YAML): Foundation on Linux hands JSON booleans back as numbers.
        let object = (try? Yams.load(yaml: String(decoding: schemaData, as: UTF8.self))).flatMap { $0 }
        guard let dictionary = object.map(SiteLoader.normalized) as? [String: Any] else {
            throw SiteFileError(file: "site.schema.json", path: "", reason: "the schema is not a JSON object")
        }
        try Self.checkKeywords(dictionary, path: "")
        root = Self.sendable(dictionary) as? [String: any Sendable] ?? [:]
    }

    /// The problems of `instance`, each with the path of the offending field; empty when valid.
    public func validate(_ instance: Any) -> [(path: String, reason: String)] {
        var problems: [(String, String)] = []
        check(instance, against: root, path: "", into: &problems)
        return problems
    }

    private static func checkKeywords(_ schema: [String: Any], path: String) throws(SiteFileError) {
        for (key, value) in schema {
            let inProperties = path.hasSuffix("/properties") || path.hasSuffix("/definitions")
            if !inProperties && !keywords.contains(key) {
                throw SiteFileError(file: "site.schema.json", path: path, reason: "keyword \(key) is outside the supported draft-07 subset")
            }
            if let child = value as? [String: Any] { try checkKeywords(child, path: path + "/" + key) }
        }
    }

    private static func sendable(_ value: Any) -> any Sendable {
        switch value {
        case let dictionary as [String: Any]: return dictionary.mapValues { sendable($0) }
        case let array as [Any]: return array.map { sendable($0) }
        case let string as String: return string
        case let flag as Bool where type(of: value) == Bool.self: return flag
        case let number as Int where type(of: value) == Int.self: return Double(number)
        case let number as Double where type(of: value) == Double.self: return number
        default: return "\(value)"
        }
    }

    private func resolve(_ schema: [String: any Sendable]) -> [String: any Sendable] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/definitions/") else { return schema }
        let name = String(reference.dropFirst("#/definitions/".count))
        return ((root["definitions"] as? [String: any Sendable])?[name] as? [String: any Sendable]) ?? [:]
    }

    private static func typeName(_ value: Any) -> String {
        switch value {
        case is String: return "string"
        case _ where type(of: value) == Bool.self: return "boolean"
        case _ where type(of: value) == Int.self: return "integer"
        case let number as Double where type(of: value) == Double.self: return number.rounded() == number ? "integer" : "number"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        default: return "null"
        }
    }

    private static func number(_ value: Any) -> Double? {
        if type(of: value) == Int.self, let int = value as? Int { return Double(int) }
        if type(of: value) == Double.self, let double = value as? Double { return double }
        return nil
    }

    private func check(_ value: Any, against rawSchema: [String: any Sendable], path: String, into problems: inout [(String, String)]) {
        let schema = resolve(rawSchema)
        let here = path.isEmpty ? "(top level)" : path
        let actual = Self.typeName(value)
        if let type = schema["type"] {
            let allowed = (type as? [any Sendable])?.compactMap { $0 as? String } ?? [type as? String ?? ""]
            let matches = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !matches {
                problems.append((here, "must be \(allowed.joined(separator: " or ")), found \(actual)"))
                return
            }
        }
        if let options = schema["enum"] as? [any Sendable] {
            let text = "\(value)"
            if !options.contains(where: { "\($0)" == text }) {
                problems.append((here, "must be one of \(options.map { "\($0)" }.joined(separator: ", ")), found \(text)"))
            }
        }
        if let number = Self.number(value) {
            if let minimum = schema["minimum"] as? Double, number < minimum {
                problems.append((here, "must be at least \(minimum), found \(number)"))
            }
            if let maximum = schema["maximum"] as? Double, number > maximum {
                problems.append((here, "must be at most \(maximum), found \(number)"))
            }
            if let minimum = schema["exclusiveMinimum"] as? Double, number <= minimum {
                problems.append((here, "must be more than \(minimum), found \(number)"))
            }
        }
        if let string = value as? String {
            if let minimum = schema["minLength"] as? Double, Double(string.count) < minimum { problems.append((here, "must not be empty")) }
            if let pattern = schema["pattern"] as? String, string.range(of: pattern, options: .regularExpression) == nil {
                problems.append((here, "\"\(string)\" does not match \(pattern)"))
            }
        }
        if let array = value as? [Any] {
            if let minimum = schema["minItems"] as? Double, Double(array.count) < minimum {
                problems.append((here, "needs at least \(Int(minimum)) items, has \(array.count)"))
            }
            if let maximum = schema["maxItems"] as? Double, Double(array.count) > maximum {
                problems.append((here, "allows at most \(Int(maximum)) items, has \(array.count)"))
            }
            if let items = schema["items"] as? [String: any Sendable] {
                for (index, item) in array.enumerated() { check(item, against: items, path: "\(path)[\(index)]", into: &problems) }
            }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: any Sendable] ?? [:]
            for name in (schema["required"] as? [any Sendable])?.compactMap({ $0 as? String }) ?? [] where object[name] == nil {
                problems.append((Self.join(path, name), "is required"))
            }
            for key in object.keys.sorted() {
                let childPath = Self.join(path, key)
                if let property = properties[key] as? [String: any Sendable] {
                    check(object[key]!, against: property, path: childPath, into: &problems)
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool, !allowed {
                        problems.append((childPath, "is not a known field (allowed: \(properties.keys.sorted().joined(separator: ", ")))"))
                    } else if let additionalSchema = additional as? [String: any Sendable] {
                        check(object[key]!, against: additionalSchema, path: childPath, into: &problems)
                    }
                }
            }
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
}
