import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Repeats a refused WebSocket upgrade by hand to read the HTTP status the server answered.
///
/// OCPP gives the refusal meaning (401 bad credentials, 404 unknown station) and tests must see
/// it; WSClient only reports "upgrade failed". The probe costs one extra request, and only on failure.
enum UpgradeStatusProbe {
    struct StatusLine: Sendable {
        var status: Int
        var reason: String
    }

    static func statusLine(
        configuration: StationConnectionConfiguration,
        endpoint: StationConnectionConfiguration.Endpoint
    ) async -> StatusLine? {
        var request = "GET \(endpoint.path) HTTP/1.1\r\n"
        request += "Host: \(endpoint.host):\(endpoint.port)\r\n"
        request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        request += "Sec-WebSocket-Key: \(Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())\r\n"
        if !configuration.subprotocols.isEmpty {
            request += "Sec-WebSocket-Protocol: \(configuration.subprotocols.joined(separator: ", "))\r\n"
        }
        if let authorization = configuration.basicAuthorization {
            request += "Authorization: \(authorization)\r\n"
        }
        for (name, value) in configuration.additionalHeaders {
            request += "\(name): \(value)\r\n"
        }
        request += "\r\n"
        let requestBytes = request

        return await withTaskGroup(of: StatusLine?.self) { group in
            group.addTask {
                try? await exchange(requestBytes, configuration: configuration, endpoint: endpoint)
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private static func exchange(
        _ request: String,
        configuration: StationConnectionConfiguration,
        endpoint: StationConnectionConfiguration.Endpoint
    ) async throws -> StatusLine? {
        let sslContext =
            try endpoint.secure
            ? NIOSSLContext(configuration: configuration.tls ?? .makeClientConfiguration()) : nil
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let serverName = endpoint.host.first?.isNumber == true ? nil : endpoint.host
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var received = ""
            for try await var chunk in inbound {
                received += chunk.readString(length: chunk.readableBytes) ?? ""
                if let end = received.range(of: "\r\n") {
                    return parse(String(received[..<end.lowerBound]))
                }
                if received.utf8.count > 8192 { break }
            }
            return nil
        }
    }

    /// Parses `HTTP/1.1 401 Unauthorized`.
    static func parse(_ line: String) -> StatusLine? {
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else { return nil }
        return StatusLine(status: status, reason: parts.count > 2 ? String(parts[2]) : "")
    }
}
