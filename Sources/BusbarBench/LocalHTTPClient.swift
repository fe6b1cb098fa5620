import Foundation
import NIOCore
import NIOPosix

/// The handful of operator-API calls the bench makes (register stations and a token), as plain
/// HTTP/1.1 with `Connection: close`, so the bench needs no HTTP client dependency.
enum LocalHTTPClient {
    struct Response: Sendable {
        var status: Int
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func post(
        host: String, port: Int, path: String, json: String, apiKey: String?, timeout: Duration = .seconds(10)
    ) async throws -> Response {
        let request =
            "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n\(authorization(apiKey))Content-Type: application/json\r\n"
            + "Content-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n\(json)"
        return try await send(request, method: "POST", host: host, port: port, path: path, timeout: timeout)
    }

    static func get(host: String, port: Int, path: String, apiKey: String?, timeout: Duration = .seconds(10)) async throws -> Response {
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n\(authorization(apiKey))Connection: close\r\n\r\n"
        return try await send(request, method: "GET", host: host, port: port, path: path, timeout: timeout)
    }

    /// The `Authorization: Bearer` line for a server that has API keys (`busbar keys add`).
    private static func authorization(_ apiKey: String?) -> String {
        apiKey.map { "Authorization: Bearer \($0)\r\n" } ?? ""
    }

    private static func send(
        _ request: String, method: String, host: String, port: Int, path: String, timeout: Duration
    ) async throws -> Response {
        try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await exchange(host: host, port: port, request: request) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Failure(description: "\(method) \(path) on \(host):\(port) got no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private static func exchange(host: String, port: Int, request: String) async throws -> Response {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received = ""
            for try await var chunk in inbound {
                received += chunk.readString(length: chunk.readableBytes) ?? ""
            }
            let statusLine = received.prefix { $0 != "\r" }
            let parts = statusLine.split(separator: " ")
            guard parts.count >= 2, let status = Int(parts[1]) else {
                throw Failure(description: "not an HTTP response from \(host):\(port): \(received.prefix(80))")
            }
            let body = received.range(of: "\r\n\r\n").map { String(received[$0.upperBound...]) } ?? ""
            return Response(status: status, body: body)
        }
    }
}
