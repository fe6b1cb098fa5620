import AsyncHTTPClient
import Foundation
import NIOCore
import OCPP

/// A JSON client for the operator API over real HTTP.
struct APIClient: Sendable {
    let baseURL: String

    struct Reply: Sendable {
        let status: Int
        let body: JSONValue
        let text: String
        let contentType: String?
    }

    func request(_ method: HTTPMethodName, _ path: String, json: JSONValue? = nil, rawBody: String? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method.nio
        if let text = rawBody ?? json?.serialized() {
            request.body = .bytes(ByteBuffer(string: text))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(90))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let text = String(buffer: buffer)
        let body = (try? JSONValue(parsing: text)) ?? .null
        return Reply(status: Int(response.status.code), body: body, text: text, contentType: response.headers.first(name: "Content-Type"))
    }

    func get(_ path: String) async throws -> Reply { try await request(.get, path) }
    func post(_ path: String, _ json: JSONValue) async throws -> Reply { try await request(.post, path, json: json) }
    func patch(_ path: String, _ json: JSONValue) async throws -> Reply { try await request(.patch, path, json: json) }
    func delete(_ path: String) async throws -> Reply { try await request(.delete, path) }
}

/// HTTP methods the tests use.
enum HTTPMethodName: Sendable {
    case get, post, patch, delete
    var nio: NIOHTTP1.HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .patch: .PATCH
        case .delete: .DELETE
        }
    }
}

import NIOHTTP1
