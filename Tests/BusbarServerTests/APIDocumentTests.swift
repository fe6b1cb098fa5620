import BusbarCSMS
import Foundation
import NIOHTTP1
import OCPP
import Testing

@testable import BusbarServer

/// Issue #10 defect 14: every answer the operator API can give is in its OpenAPI document, with
/// the JSON error body, and the server really gives them — 405 with Allow instead of 404 for a
/// wrong method, a JSON 431 instead of a bare 400 for oversized headers.
@Suite("Operator API answers and their description")
struct APIDocumentTests {
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Every operation of the document as (path, method, operation).
    static var operations: [(path: String, method: String, operation: JSONValue)] {
        (OpenAPIDocument.document["paths"]?.objectValue ?? [:]).flatMap { path, item in
            (item.objectValue ?? [:]).filter { methods.contains($0.key) }.map { (path, $0.key, $0.value) }
        }
    }

    @Test("every operation lists 400, 401/403, 405, 431 and 500 — plus 413 and 415 where it takes a body — each with the Error schema")
    func everyOperationListsTheCommonAnswers() {
        #expect(Self.operations.count >= 17)
        for (path, method, operation) in Self.operations {
            let responses = operation["responses"]?.objectValue ?? [:]
            var expected: Set<String> = ["400", "403", "405", "431", "500"]
            if path != "/healthz" { expected.insert("401") }
            if operation["requestBody"] != nil { expected.formUnion(["413", "415"]) }
            #expect(expected.isSubset(of: Set(responses.keys)), "\(method) \(path) lacks \(expected.subtracting(responses.keys).sorted())")
            for status in expected {
                #expect(
                    responses[status]?["content"]?["application/json"]?["schema"]?["$ref"] == "#/components/schemas/Error",
                    "\(method) \(path) \(status)")
            }
            let security = operation["security"]?.arrayValue
            #expect(security == (path == "/healthz" ? [] : [["bearerAuth": []]]), "\(method) \(path)")
        }
        #expect(OpenAPIDocument.document["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"] == "bearer")
        let limit = OpenAPIDocument.document["paths"]?["/api/v1/stations/{id}/events"]?["parameters"]?.arrayValue?
            .first { $0["name"] == "limit" }
        #expect(limit?["schema"]?["minimum"] == 1)
        #expect(limit?["schema"]?["maximum"] == .number(Double(StationHistoryRoutes.maximumLimit)))
    }

    /// One request fired at the server, the operation it belongs to and the status it must get.
    struct Probe: Sendable, CustomStringConvertible {
        var status: Int
        var method: HTTPMethodName
        var template: String
        var path: String
        var key: Key = .operator
        var body: String? = nil
        var contentType: String? = "application/json"
        var headers: [(String, String)] = []
        /// Sent over a raw socket: HTTP clients re-encode a path they could not decode.
        var raw = false
        enum Key { case none, `operator`, utility }
        var description: String { "\(status) \(method) \(path)" }
    }

    @Test("each status fired at the real server is documented for the operation that gave it")
    func firedStatusesAreDocumented() async throws {
        try await withRunningServer { server in
            let operatorKey = try await server.issueKey(.operator)
            let utilityKey = try await server.issueKey(.utility, sites: ["SITE-1"])
            try await server.addStation("CS-DOC")
            let station = #"{"id":"CS-DOC-2","password":"correct-horse-battery"}"#
            let probes: [Probe] = [
                Probe(status: 200, method: .get, template: "/api/v1/stations", path: "/api/v1/stations"),
                Probe(status: 201, method: .post, template: "/api/v1/stations", path: "/api/v1/stations", body: station),
                Probe(status: 401, method: .get, template: "/api/v1/stations", path: "/api/v1/stations", key: .none),
                Probe(status: 403, method: .get, template: "/api/v1/transactions", path: "/api/v1/transactions", key: .utility),
                Probe(
                    status: 403, method: .post, template: "/api/v1/id-tokens", path: "/api/v1/id-tokens", body: "{}",
                    headers: [("Origin", "http://evil.example")]),
                Probe(
                    status: 415, method: .post, template: "/api/v1/id-tokens", path: "/api/v1/id-tokens", body: "{}",
                    contentType: "text/plain"),
                Probe(
                    status: 413, method: .patch, template: "/api/v1/stations/{id}", path: "/api/v1/stations/CS-DOC",
                    body: #"{"password":""# + String(repeating: "x", count: 1_100_000) + #""}"#),
                Probe(status: 405, method: .put, template: "/api/v1/stations", path: "/api/v1/stations"),
                Probe(
                    status: 405, method: .post, template: "/api/v1/stations/{id}/frames", path: "/api/v1/stations/CS-DOC/frames", body: "{}"
                ),
                Probe(status: 400, method: .get, template: "/api/v1/stations/{id}", path: "/api/v1/stations/CS-%FF", raw: true),
                Probe(
                    status: 431, method: .get, template: "/api/v1/stations", path: "/api/v1/stations",
                    headers: [("X-Padding", String(repeating: "a", count: 100_000))]),
                Probe(status: 404, method: .get, template: "/api/v1/stations/{id}", path: "/api/v1/stations/CS-NOBODY"),
                Probe(status: 422, method: .get, template: "/api/v1/stations/{id}/events", path: "/api/v1/stations/CS-DOC/events?limit=0"),
                Probe(status: 409, method: .post, template: "/api/v1/stations", path: "/api/v1/stations", body: station),
                Probe(status: 404, method: .post, template: "/api/v1/stations/{id}/password", path: "/api/v1/stations/CS-DOC/password"),
                Probe(status: 204, method: .delete, template: "/api/v1/stations/{id}", path: "/api/v1/stations/CS-DOC-2"),
            ]
            for probe in probes {
                var client = server.api
                switch probe.key {
                case .none: client.apiKey = nil
                case .operator: client.apiKey = operatorKey
                case .utility: client.apiKey = utilityKey
                }
                let reply =
                    probe.raw
                    ? try await Self.rawGet(probe.path, port: server.apiPort, key: client.apiKey)
                    : try await client.request(
                        probe.method, probe.path, rawBody: probe.body, contentType: probe.contentType, headers: probe.headers)
                #expect(reply.status == probe.status, "\(probe): \(reply.text.prefix(200))")
                if probe.status >= 400 {
                    #expect(reply.contentType?.hasPrefix("application/json") == true, "\(probe)")
                    #expect(reply.body["error"]?.stringValue?.isEmpty == false, "\(probe): \(reply.text.prefix(200))")
                }
                let item = OpenAPIDocument.document["paths"]?[probe.template]
                if probe.status == 405 {
                    let allowed = (reply.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    let documented = (item?.objectValue ?? [:]).keys.filter(Self.methods.contains).map { $0.uppercased() }
                    #expect(Set(allowed) == Set(documented), "\(probe): Allow \(allowed)")
                    for method in documented {
                        #expect(item?[method.lowercased()]?["responses"]?["405"] != nil, "\(probe): \(method)")
                    }
                } else {
                    let operation = item?[probe.method.nio.rawValue.lowercased()]
                    #expect(operation?["responses"]?[String(probe.status)] != nil, "\(probe) is not documented")
                }
            }
        }
    }

    /// A GET written byte for byte, for paths an HTTP client would not send as given.
    static func rawGet(_ path: String, port: Int, key: String?) async throws -> APIClient.Reply {
        let request =
            "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n" + (key.map { "Authorization: Bearer \($0)\r\n" } ?? "")
            + "Connection: close\r\n\r\n"
        let bytes = try await RawTCP.exchange(port: port, send: Array(request.utf8)) { _ in false }
        let text = String(decoding: bytes, as: UTF8.self)
        let status = Int(text.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        let contentType = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-type:") }
            .map { $0.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces) }
        return APIClient.Reply(
            status: status, body: (try? JSONValue(parsing: body)) ?? .null, text: body, contentType: contentType)
    }

    @Test("a known path asked with another method answers 405 with Allow and a JSON error; an unknown path still 404")
    func wrongMethodIsMethodNotAllowed() async throws {
        try await withRunningServer { server in
            let put = try await server.api.request(.put, "/api/v1/stations/CS-1", json: [:])
            #expect(put.status == 405)
            #expect(put.header("Allow") == "DELETE, GET, PATCH")
            #expect(put.body["error"] == "method_not_allowed")
            let options = try await server.api.request(.options, "/api/v1/id-tokens")
            #expect(options.status == 405)
            #expect(options.header("Allow") == "GET, POST")
            #expect(try await server.api.request(.put, "/api/v1/nothing-here", json: [:]).status == 404)
        }
    }

    @Test("a 100 KB header answers a JSON 431 and the server keeps serving")
    func oversizedHeaderIsAJSON431() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.request(.get, "/healthz", headers: [("X-Big", String(repeating: "b", count: 100_000))])
            #expect(reply.status == 431)
            #expect(reply.contentType?.hasPrefix("application/json") == true)
            #expect(reply.body["error"] == "headers_too_large")
            #expect(try await server.api.get("/healthz").status == 200)
        }
    }
}
