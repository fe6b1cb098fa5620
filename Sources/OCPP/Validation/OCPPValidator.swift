/// Checks payloads against the official OCPP 2.0.1 JSON schemas before they are decoded or sent, and says which
/// CALLERROR to answer with (Part 4 §4.1.7: required fields present, data of the correct type).
///
/// Violation → code (Part 4 Table 8):
/// - `required` member missing → `OccurrenceConstraintViolation` (the field's cardinality is 1, it occurs 0 times).
/// - `minItems` / `maxItems` → `OccurrenceConstraintViolation` (cardinality of a list).
/// - wrong JSON `type`, including a fractional or out-of-range number where `integer` is required, and `null`
///   anywhere (OCPP forbids null for absent fields, §4.1.5) → `TypeConstraintViolation` (the table's own example).
/// - `format: date-time` not RFC 3339 → `TypeConstraintViolation`: dateTime is an OCPP primitive datatype (Part 2 §2.1),
///   so a malformed timestamp is the wrong data type, not a bad value of the right type.
/// - `enum` not one of the listed values → `PropertyConstraintViolation` (right type, invalid value).
/// - `maxLength` exceeded → `PropertyConstraintViolation`: still a string, but the value is not allowed.
/// - `minimum` / `maximum` → `PropertyConstraintViolation`.
/// - member not in `properties` where `additionalProperties: false` → `FormatViolation`: the payload is not the
///   message's syntax at all (often a different OCPP version's message), rather than a bad value in the right syntax.
/// Order of failures: per object, missing required members, then unknown members (sorted), then each member's own
/// failures in member-name order — so the first failure, which picks the CALLERROR code, is deterministic.
public struct OCPPValidator: Sendable {
    /// The validator for the embedded 2.0.1 schemas, compiled once on first use (a few milliseconds).
    public static let shared: OCPPValidator = {
        do {
            return try OCPPValidator(schemaSource: EmbeddedSchemas.json(for:isRequest:))
        } catch {
            // The schemas are compiled into the binary; a failure here is a build defect, not a runtime condition.
            fatalError("OCPP schemas failed to compile: \(error)")
        }
    }()

    /// Whether a payload is a request (CALL) or a response (CALLRESULT) of its action.
    public enum Direction: Sendable, Hashable {
        /// The CALL payload.
        case request
        /// The CALLRESULT payload.
        case response
    }

    /// Upper bound on reported failures so a hostile payload cannot make the error list (and log line) huge.
    public static let maximumFailures = 50

    private let requests: [OCPPAction: CompiledSchema]
    private let responses: [OCPPAction: CompiledSchema]

    init(schemaSource: (OCPPAction, Bool) -> String) throws {
        var requests: [OCPPAction: CompiledSchema] = [:]
        var responses: [OCPPAction: CompiledSchema] = [:]
        for action in OCPPAction.allCases {
            for isRequest in [true, false] {
                let name = action.rawValue + (isRequest ? "Request" : "Response")
                let document = try JSONValue(parsing: schemaSource(action, isRequest))
                var compiler = SchemaCompiler(name: name, document: document)
                let schema = try compiler.compile(document, path: "")
                if isRequest { requests[action] = schema } else { responses[action] = schema }
            }
        }
        self.requests = requests
        self.responses = responses
    }

    /// All violations (empty = valid); the first decides the CALLERROR code.
    public func validate(_ payload: JSONValue, action: OCPPAction, direction: Direction) -> [ValidationFailure] {
        let schema = direction == .request ? requests[action]! : responses[action]!
        var walker = ValidationWalker()
        walker.check(payload, against: schema)
        return walker.failures
    }

    /// Validates, then decodes a CALL payload into its generated type; the one throw site a handler needs.
    public func decodeRequest<Request: OCPPRequest>(
        _ type: Request.Type, from payload: JSONValue, messageId: String
    ) throws(RPCCallError) -> Request {
        try decode(type, action: Request.action, direction: .request, from: payload, messageId: messageId)
    }

    /// Validates, then decodes a CALLRESULT payload; a failure is reported as the CALLERROR the peer would get.
    public func decodeResponse<Request: OCPPRequest>(
        to request: Request.Type, from payload: JSONValue, messageId: String
    ) throws(RPCCallError) -> Request.Response {
        try decode(Request.Response.self, action: Request.action, direction: .response, from: payload, messageId: messageId)
    }

    private func decode<T: Decodable>(
        _ type: T.Type, action: OCPPAction, direction: Direction, from payload: JSONValue, messageId: String
    ) throws(RPCCallError) -> T {
        if let first = validate(payload, action: action, direction: direction).first {
            throw first.callError(messageId: messageId)
        }
        do {
            return try OCPPCoding.decode(type, from: payload)
        } catch {
            // Schema-valid but undecodable means the generated types and schemas disagree: our defect.
            throw RPCCallError(
                messageId: messageId, errorCode: .internalError,
                errorDescription: "valid \(action.rawValue) payload could not be decoded: \(error)")
        }
    }
}

/// One validation pass; keeps the JSON pointer as a stack of segments and builds the string only on failure.
private struct ValidationWalker {
    var failures: [ValidationFailure] = []
    private var segments: [String] = []

    private var pointer: String {
        segments.reduce(into: "") { path, segment in
            path += "/" + segment.replacingTildeAndSlash()
        }
    }

    private mutating func fail(_ code: RPCErrorCode, _ reason: String, member: String? = nil) {
        guard failures.count < OCPPValidator.maximumFailures else { return }
        var path = pointer
        if let member { path += "/" + member.replacingTildeAndSlash() }
        failures.append(ValidationFailure(code: code, path: path, reason: reason))
    }

    mutating func check(_ value: JSONValue, against schema: CompiledSchema) {
        switch schema.rules {
        case .anything:
            return
        case .object(let properties, let order, let required, let closed):
            guard case .object(let members) = value else { return typeMismatch("object", value) }
            for name in required where members[name] == nil {
                fail(.occurrenceConstraintViolation, "required member \"\(name)\" is missing", member: name)
            }
            if closed {
                var unknown: [String] = []
                for key in members.keys where properties[key] == nil { unknown.append(key) }
                for key in unknown.sorted() {
                    fail(.formatViolation, "member \"\(key)\" is not defined for this message; remove it", member: key)
                }
            }
            for name in order {
                guard let member = members[name] else { continue }
                segments.append(name)
                check(member, against: properties[name]!)
                segments.removeLast()
            }
        case .array(let items, let minItems, let maxItems):
            guard case .array(let elements) = value else { return typeMismatch("array", value) }
            if let minItems, elements.count < minItems {
                fail(
                    .occurrenceConstraintViolation,
                    "array has \(elements.count) elements, at least \(minItems) required (omit the member instead of sending [])")
            }
            if let maxItems, elements.count > maxItems {
                fail(.occurrenceConstraintViolation, "array has \(elements.count) elements, at most \(maxItems) allowed")
            }
            if let items {
                for (index, element) in elements.enumerated() {
                    segments.append(String(index))
                    check(element, against: items)
                    segments.removeLast()
                }
            }
        case .string(let maxLength, let allowed, let isDateTime):
            guard case .string(let string) = value else { return typeMismatch("string", value) }
            if let allowed, !allowed.contains(string) {
                fail(
                    .propertyConstraintViolation,
                    "\"\(string.prefix(64))\" is not an allowed value (\(allowed.sorted().joined(separator: ", ")))")
            }
            if let maxLength, string.utf8.count > maxLength {
                let length = string.unicodeScalars.count
                if length > maxLength {
                    fail(.propertyConstraintViolation, "string is \(length) characters, at most \(maxLength) allowed")
                }
            }
            if isDateTime, OCPPDateTime.parse(string) == nil {
                fail(
                    .typeConstraintViolation,
                    "\"\(string.prefix(64))\" is not an RFC 3339 date-time (e.g. 2026-01-02T03:04:05.678Z)")
            }
        case .integer(let minimum, let maximum):
            guard case .number(let number) = value else { return typeMismatch("integer", value) }
            guard number.rounded(.towardZero) == number, Int(exactly: number) != nil else {
                return fail(.typeConstraintViolation, "expected an integer, found \(JSONValue.number(number))")
            }
            checkRange(number, minimum: minimum, maximum: maximum)
        case .number(let minimum, let maximum):
            guard case .number(let number) = value else { return typeMismatch("number", value) }
            checkRange(number, minimum: minimum, maximum: maximum)
        case .boolean:
            guard case .bool = value else { return typeMismatch("boolean", value) }
        }
    }

    private mutating func typeMismatch(_ expected: String, _ value: JSONValue) {
        fail(.typeConstraintViolation, "expected \(expected), found \(value.typeName)")
    }

    private mutating func checkRange(_ number: Double, minimum: Double?, maximum: Double?) {
        if let minimum, number < minimum {
            fail(.propertyConstraintViolation, "\(JSONValue.number(number)) is below the minimum \(JSONValue.number(minimum))")
        }
        if let maximum, number > maximum {
            fail(.propertyConstraintViolation, "\(JSONValue.number(number)) is above the maximum \(JSONValue.number(maximum))")
        }
    }
}

extension String {
    /// RFC 6901 escaping of one pointer segment.
    fileprivate func replacingTildeAndSlash() -> String {
        guard utf8.contains(UInt8(ascii: "~")) || utf8.contains(UInt8(ascii: "/")) else { return self }
        var result = ""
        for character in self {
            switch character {
            case "~": result += "~0"
            case "/": result += "~1"
            default: result.append(character)
            }
        }
        return result
    }
}
