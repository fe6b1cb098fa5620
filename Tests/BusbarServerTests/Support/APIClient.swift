import AsyncHTTPClient
import Foundation
import NIOCore
import OCPP

/// A JSON client for the operator API over real HTTP.
struct APIClient: Sendable {
    let baseURL: String
    /// Sent as `Authorization: Bearer …` when set (a server with API keys).
    var apiKey: String? = nil
    /// The HTTP client; the shared one keeps 8 connections per host, too few for a test that
    /// needs many requests in flight at once.
    var http: HTTPClient = .shared

    struct Reply: Sendable {
        let status: Int
        let body: JSONValue
        let text: String
        let contentType: String?
        /// Every response header, for WWW-Authenticate, Allow and the like.
        var headers: [(name: String, value: String)] = []

        /// The first value of a response header.
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    func request(
        _ method: HTTPMethodName, _ path: String, json: JSONValue? = nil, rawBody: String? = nil,
        contentType: String? = "application/json", headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method.nio
        if let text = rawBody ?? json?.serialized() {
            request.body = .bytes(ByteBuffer(string: text))
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        }
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await http.execute(request, timeout: .seconds(90))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let text = String(buffer: buffer)
        let body = (try? JSONValue(parsing: text)) ?? .null
        return Reply(
            status: Int(response.status.code), body: body, text: text, contentType: response.headers.first(name: "Content-Type"),
            headers: response.headers.map { ($0.name, $0.value) })
    }

    func get(_ path: String) async throws -> Reply { try await request(.get, path) }
    func post(_ path: String, _ json: JSONValue) async throws -> Reply { try await request(.post, path, json: json) }
    func patch(_ path: String, _ json: JSONValue) async throws -> Reply { try await request(.patch, path, json: json) }
    func delete(_ path: String) async throws -> Reply { try await request(.delete, path) }
}

/// HTTP methods the tests use.
enum HTTPMethodName: Sendable {
    case get, post, patch, delete, put, options
    var nio: NIOHTTP1.HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .patch: .PATCH
        case .delete: .DELETE
        case .put: .PUT
        case .options: .OPTIONS
        }
    }
}

import NIOHTTP1
