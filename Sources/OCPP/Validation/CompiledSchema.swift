/// A JSON schema compiled into a tree of rules, so validating a message walks the payload once with no
/// `$ref` lookups or keyword dispatch. Covers exactly the draft-06 subset the OCPP 2.0.1 schemas use; any other
/// keyword stops compilation, so a schema update that needs more cannot pass silently.
final class CompiledSchema: Sendable {
    enum Rules: Sendable {
        case object(properties: [String: CompiledSchema], order: [String], required: [String], closed: Bool)
        case array(items: CompiledSchema?, minItems: Int?, maxItems: Int?)
        case string(maxLength: Int?, allowed: Set<String>?, isDateTime: Bool)
        case integer(minimum: Double?, maximum: Double?)
        case number(minimum: Double?, maximum: Double?)
        case boolean
        /// No `type` (DataTransfer `data`): any JSON is valid.
        case anything
    }

    let rules: Rules

    init(rules: Rules) {
        self.rules = rules
    }

    /// Keywords that carry no constraint: annotations, identifiers, and `additionalItems`, which draft-06 applies
    /// only when `items` is an array (in OCPP it never is).
    static let ignoredKeywords: Set<String> = [
        "$schema", "$id", "id", "comment", "description", "javaType", "default", "definitions", "additionalItems",
    ]
    static let handledKeywords: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "maxLength", "enum", "format", "minimum", "maximum",
    ]
}
