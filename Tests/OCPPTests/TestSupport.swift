import Foundation
import OCPP
import Testing

/// Locations of third-party inputs: the official schemas in the repository and our JSON vectors.
enum TestSupport {
    static let schemasDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Schemas/ocpp-2.0.1")

    static func schema(_ name: String) throws -> JSONValue {
        let data = try Data(contentsOf: schemasDirectory.appendingPathComponent(name + ".json"))
        return try JSONValue(parsing: data)
    }

    static func schemaNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: schemasDirectory.path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func vector(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors"))
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// Decodes with an opened existential, so tests can go from `OCPPAction` to a typed value.
func decodeAny<T: Decodable & Encodable>(_ type: T.Type, _ payload: JSONValue) throws -> any Encodable {
    try OCPPCoding.decode(type, from: payload)
}
