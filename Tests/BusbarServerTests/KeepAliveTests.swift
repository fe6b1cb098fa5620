import BusbarServer
import Foundation
import OCPP
import Testing

/// Part 4 §5.2 — the CSMS pings idle stations so dead connections are found and NATs keep the
/// connection open; a station that never answers with a pong is disconnected.
@Suite("WebSocket keep-alive")
struct KeepAliveTests {
    @Test("Part 4 §5.2 — an idle station is pinged, and the server closes it when it never answers with a pong")
    func idleStationIsPingedAndClosedWithoutPong() async throws {
        try await withRunningServer(configure: { $0.pingInterval = .milliseconds(200) }) { server in
            let password = try await server.addStation("CS-PING")
            let credentials = Data("CS-PING:\(password)".utf8).base64EncodedString()
            var request = "GET /ocpp/CS-PING HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            request += "Sec-WebSocket-Protocol: ocpp2.0.1\r\nAuthorization: Basic \(credentials)\r\n\r\n"
            // This raw client reads but never answers a ping; it stays open until the server closes.
            let bytes = try await RawTCP.exchange(port: server.ocppPort, send: Array(request.utf8)) { received in
                Self.serverFrameOpcodes(afterHandshakeIn: received).contains(0x8)
            }
            let opcodes = Self.serverFrameOpcodes(afterHandshakeIn: bytes)
            #expect(opcodes.first == 0x9, "the first frame on an idle connection is a ping")
            #expect(opcodes.last == 0x8, "the server closes the connection that never answered")
            #expect(
                try await eventually {
                    try await server.api.get("/api/v1/stations/CS-PING").body["connected"] == .bool(false)
                })
        }
    }

    /// Opcodes of the unmasked frames a server sent after the HTTP 101 head.
    static func serverFrameOpcodes(afterHandshakeIn bytes: [UInt8]) -> [UInt8] {
        guard let headEnd = (0..<max(0, bytes.count - 3)).first(where: { bytes[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }) else {
            return []
        }
        var opcodes: [UInt8] = []
        var index = headEnd + 4
        while index + 2 <= bytes.count {
            let length = Int(bytes[index + 1] & 0x7F)
            guard length < 126, index + 2 + length <= bytes.count else { break }
            opcodes.append(bytes[index] & 0x0F)
            index += 2 + length
        }
        return opcodes
    }
}
