import Foundation
import OCPP
import Testing

/// Tests against the official schema files themselves: every schema has its action and generated type, and
/// payloads synthesized from each schema validate, decode and re-encode unchanged.
@Suite struct SchemaCoverageTests {
    static let actions: [String] = {
        (try? TestSupport.schemaNames())?.compactMap { name in
            name.hasSuffix("Request") ? String(name.dropLast("Request".count)) : nil
        } ?? []
    }()

    @Test func everySchemaHasAnActionWithBothGeneratedTypes() throws {
        let names = try TestSupport.schemaNames()
        #expect(names.count == 128)
        #expect(Self.actions.count == 64)
        #expect(OCPPAction.allCases.count == 64)
        for name in Self.actions {
            let action = try #require(OCPPAction(rawValue: name), "no OCPPAction for \(name)")
            #expect(names.contains(name + "Response"))
            #expect(String(describing: action.requestType) == name + "Request")
            #expect(String(describing: action.responseType) == name + "Response")
        }
    }

    @Test func senderRolesSplitAsInTheSpecification() {
        #expect(OCPPAction.allCases.filter { $0.sender == .chargingStation }.count == 24)
        #expect(OCPPAction.allCases.filter { $0.sender == .csms }.count == 39)
        #expect(OCPPAction.dataTransfer.sender == .both)
        #expect(OCPPAction.bootNotification.sender == .chargingStation)
        #expect(OCPPAction.setChargingProfile.sender == .csms)
    }

    @Test(arguments: actions)
    func minimalPayloadFromSchemaValidatesAndDecodes(action name: String) throws {
        try check(name, full: false)
    }

    @Test(arguments: actions)
    func fullPayloadFromSchemaValidatesAndRoundTrips(action name: String) throws {
        try check(name, full: true)
    }

    private func check(_ name: String, full: Bool) throws {
        let action = try #require(OCPPAction(rawValue: name))
        for (suffix, direction) in [("Request", OCPPValidator.Direction.request), ("Response", .response)] {
            let schema = try TestSupport.schema(name + suffix)
            var synthesizer = PayloadSynthesizer(definitions: schema["definitions"]?.objectValue ?? [:], full: full)
            let payload = synthesizer.value(for: schema)
            let failures = OCPPValidator.shared.validate(payload, action: action, direction: direction)
            #expect(failures.isEmpty, "\(name)\(suffix): \(failures)")
            let type: any (Decodable & Encodable).Type = direction == .request ? action.requestType : action.responseType
            let typed = try decodeAny(type, payload)
            #expect(try OCPPCoding.encode(typed) == payload, "\(name)\(suffix) did not round-trip")
        }
    }
}

/// Builds a payload straight from a schema: only required members (`full: false`) or every member (`full: true`).
struct PayloadSynthesizer {
    let definitions: [String: JSONValue]
    let full: Bool
    private var depth = 0

    init(definitions: [String: JSONValue], full: Bool) {
        self.definitions = definitions
        self.full = full
    }

    mutating func value(for schema: JSONValue) -> JSONValue {
        if let reference = schema["$ref"]?.stringValue {
            let name = String(reference.dropFirst("#/definitions/".count))
            return value(for: definitions[name] ?? [:])
        }
        if let allowed = schema["enum"]?.arrayValue, let first = allowed.first { return first }
        switch schema["type"]?.stringValue {
        case "object":
            let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            var members: [String: JSONValue] = [:]
            depth += 1
            for (key, property) in schema["properties"]?.objectValue ?? [:] where required.contains(key) || (full && depth < 8) {
                members[key] = value(for: property)
            }
            depth -= 1
            return .object(members)
        case "array":
            let count = max(schema["minItems"]?.intValue ?? 0, 1)
            return .array((0..<count).map { _ in value(for: schema["items"] ?? [:]) })
        case "string":
            if schema["format"]?.stringValue == "date-time" { return "2026-01-02T03:04:05.678Z" }
            return .string(String(repeating: "x", count: min(schema["maxLength"]?.intValue ?? 8, 8)))
        case "integer":
            return .number(schema["minimum"]?.doubleValue ?? 1)
        case "number":
            return .number(schema["minimum"]?.doubleValue ?? 1.5)
        case "boolean":
            return true
        default:
            return ["free": "form"]
        }
    }
}
