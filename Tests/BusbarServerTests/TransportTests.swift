import AsyncHTTPClient
import BusbarServer
import BusbarSimulator
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import OCPP
import Testing

/// The OCPP-J WebSocket transport end to end (Part 4 §3, A00 security profile 1): who may
/// upgrade, what is negotiated, what happens to a second connection of the same station — and
/// that a refused or failed connection never hurts the server or the other stations.
@Suite("OCPP-J transport, end to end")
struct TransportTests {
    // MARK: Part 4 §3.2 — unknown identity

    @Test("Part 4 §3.2 — an unregistered station identity is refused with 404 at the upgrade")
    func rejectsUnknownStationAtUpgrade() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            let ghost = server.simulator("CS-T-GHOST")
            #expect(await upgradeStatus(of: ghost) == 404)
            try await expectStillServing(server, bystander)
        }
    }

    // MARK: A00 security profile 1 — HTTP Basic authentication (Part 2 A00.FR.2xx)

    @Test("A00 profile 1 — a wrong Basic password is refused with 401")
    func rejectsWrongPassword() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            try await server.addStation("CS-T-AUTH", password: "the-right-password-1")
            #expect(await upgradeStatus(of: server.simulator("CS-T-AUTH", password: "the-wrong-password-1")) == 401)
            // The right password still works afterwards: a failure is not cached against the station.
            let station = server.simulator("CS-T-AUTH", password: "the-right-password-1")
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            try await expectStillServing(server, bystander)
            await station.disconnect()
        }
    }

    @Test("A00 profile 1 — an upgrade without Basic credentials is refused with 401")
    func rejectsMissingCredentials() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            try await server.addStation("CS-T-AUTH")
            #expect(await upgradeStatus(of: server.simulator("CS-T-AUTH", password: nil)) == 401)
            let response = try await RawTCP.upgrade(port: server.ocppPort, path: "/ocpp/CS-T-AUTH")
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Basic") == true, "a 401 names the scheme to use (RFC 7235)")
            try await expectStillServing(server, bystander)
        }
    }

    @Test("A00 profile 1 / Part 4 §3.1.1 — Basic credentials whose username is not the station identity are refused with 401")
    func rejectsUsernameOtherThanStationId() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            // Both stations exist and the password is CS-T-OTHER's: a station must not use another's credentials.
            try await server.addStation("CS-T-AUTH", password: "password-of-auth-1")
            try await server.addStation("CS-T-OTHER", password: "password-of-other-1")
            let credentials = Data("CS-T-OTHER:password-of-other-1".utf8).base64EncodedString()
            let response = try await RawTCP.upgrade(
                port: server.ocppPort, path: "/ocpp/CS-T-AUTH", headers: [("Authorization", "Basic \(credentials)")])
            #expect(response.status == 401)
            let sameCredentialsOwnPath = try await RawTCP.upgrade(
                port: server.ocppPort, path: "/ocpp/CS-T-OTHER", headers: [("Authorization", "Basic \(credentials)")])
            #expect(sameCredentialsOwnPath.status == 101, "the same credentials are valid on their own identity's path")
            try await expectStillServing(server, bystander)
        }
    }

    // MARK: A00 — profiles 2 and 3 need TLS

    @Test("A00 — stations registered for security profile 2 or 3 are refused with 403 on the plain ws:// listener")
    func refusesProfile2And3StationsOnThePlainListener() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            let password = try await server.addStation("CS-T-SP2", securityProfile: 2)
            try await server.addStation("CS-T-SP3", securityProfile: 3)
            #expect(await upgradeStatus(of: server.simulator("CS-T-SP2", password: password)) == 403)
            #expect(await upgradeStatus(of: server.simulator("CS-T-SP3", password: password)) == 403)
            #expect(try await server.api.get("/api/v1/stations/CS-T-SP2").body["connected"] == .bool(false))
            try await expectStillServing(server, bystander)
        }
    }

    // MARK: Part 4 §3.1.2 / §3.2 — subprotocol negotiation

    @Test("Part 4 §3.2 — with no common subprotocol the handshake completes without Sec-WebSocket-Protocol and the socket is closed")
    func noCommonSubprotocolClosesAfterHandshake() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            let password = try await server.addStation("CS-T-OCPP16")

            // On the wire: 101 without Sec-WebSocket-Protocol, then at once a close frame 1002 (protocol error).
            let credentials = Data("CS-T-OCPP16:\(password)".utf8).base64EncodedString()
            let raw = try await RawTCP.upgrade(
                port: server.ocppPort, path: "/ocpp/CS-T-OCPP16",
                headers: [("Authorization", "Basic \(credentials)"), ("Sec-WebSocket-Protocol", "ocpp1.6")], awaitFirstFrame: true)
            #expect(raw.status == 101)
            #expect(raw.header("Sec-WebSocket-Protocol") == nil)
            #expect(raw.firstFrameOpcode == 0x8, "the first frame after the handshake is a close frame")
            #expect(raw.firstFrameCloseCode == 1002)

            // Through a WebSocket client: whatever the client makes of it, no OCPP message gets through.
            let station = server.simulator("CS-T-OCPP16", password: password, subprotocols: ["ocpp1.6"])
            do {
                try await station.connect()
                let state = try await station.waitUntilClosed()
                if case .closed(let code, _, _) = state { #expect(code == 1002 || code == nil) }
            } catch {
                // The client may see the close before `connect()` returns; that is a refusal too.
            }
            await #expect(throws: SimulatorError.self) { _ = try await station.heartbeat() }
            #expect(try await server.api.get("/api/v1/stations/CS-T-OCPP16").body["connected"] == .bool(false))
            #expect(try await server.api.get("/api/v1/stations/CS-T-OCPP16").body["registrationStatus"] == .null)
            try await expectStillServing(server, bystander)
        }
    }

    @Test("Part 4 §3.1.3 — ocpp2.0.1 is chosen from a list of offered subprotocols")
    func choosesOCPP201FromSeveralOffers() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-T-MULTI")
            let credentials = Data("CS-T-MULTI:\(password)".utf8).base64EncodedString()
            let raw = try await RawTCP.upgrade(
                port: server.ocppPort, path: "/ocpp/CS-T-MULTI",
                headers: [("Authorization", "Basic \(credentials)"), ("Sec-WebSocket-Protocol", "ocpp1.6, ocpp2.0.1")])
            #expect(raw.status == 101)
            #expect(raw.header("Sec-WebSocket-Protocol") == "ocpp2.0.1")
            let station = server.simulator("CS-T-MULTI", password: password, subprotocols: ["ocpp1.6", "ocpp2.0.1"])
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            await station.disconnect()
        }
    }

    // MARK: Part 4 §3.3 — WebSocket compression (RFC 7692), required of the CSMS

    @Test("Part 4 §3.3 — permessage-deflate is negotiated and a boot and a whole transaction run over it")
    func negotiatesPermessageDeflate() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-T-DEFLATE")
            let credentials = Data("CS-T-DEFLATE:\(password)".utf8).base64EncodedString()
            let raw = try await RawTCP.upgrade(
                port: server.ocppPort, path: "/ocpp/CS-T-DEFLATE",
                headers: [
                    ("Authorization", "Basic \(credentials)"), ("Sec-WebSocket-Protocol", "ocpp2.0.1"),
                    ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"),
                ])
            #expect(raw.status == 101)
            #expect(raw.header("Sec-WebSocket-Extensions")?.hasPrefix("permessage-deflate") == true)

            let station = server.simulator("CS-T-DEFLATE", password: password, compression: true)
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            try await server.addToken("DEFLATE-DRIVER")
            let transaction = try await station.startTransaction(evseId: 1, connectorId: 1, idToken: "DEFLATE-DRIVER")
            #expect(transaction.startedResponse?.idTokenInfo?.status == .accepted)
            _ = try await station.sendMeterValues(transaction: transaction)
            _ = try await station.stopTransaction(transaction, reason: .evDisconnected)
            let detail = try await server.api.get("/api/v1/transactions/\(transaction.transactionId)")
            #expect(detail.body["events"]?.arrayValue?.count == 3)
            #expect(detail.body["active"] == .bool(false))
            await station.disconnect()
        }
    }

    @Test("Part 4 §3.3 — with compression switched off the extension is not negotiated and the station still works")
    func compressionOffIsNotNegotiated() async throws {
        try await withRunningServer(configure: { $0.compression = false }) { server in
            let password = try await server.addStation("CS-T-PLAIN")
            let credentials = Data("CS-T-PLAIN:\(password)".utf8).base64EncodedString()
            let raw = try await RawTCP.upgrade(
                port: server.ocppPort, path: "/ocpp/CS-T-PLAIN",
                headers: [
                    ("Authorization", "Basic \(credentials)"), ("Sec-WebSocket-Protocol", "ocpp2.0.1"),
                    ("Sec-WebSocket-Extensions", "permessage-deflate"),
                ])
            #expect(raw.status == 101)
            #expect(raw.header("Sec-WebSocket-Extensions") == nil)
            let station = server.simulator("CS-T-PLAIN", password: password, compression: true)
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            await station.disconnect()
        }
    }

    // MARK: Part 4 §3.1 / §5.3 — one connection per station

    @Test("Part 4 §5.3 — a new connection of the same station replaces the old one, which is closed")
    func newConnectionReplacesTheOldOne() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            let password = try await server.addStation("CS-T-TWICE")
            let first = server.simulator("CS-T-TWICE", password: password)
            try await first.connect()
            #expect(try await first.boot().status == .accepted)

            let second = server.simulator("CS-T-TWICE", password: password)
            try await second.connect()
            let closed = try await first.waitUntilClosed()
            guard case .closed(let code, _, _) = closed else {
                Issue.record("the first connection was not closed by the server: \(closed)")
                return
            }
            #expect(code == 1008, "closed as a policy violation: replaced by a newer connection")
            await #expect(throws: SimulatorError.self) { _ = try await first.heartbeat() }

            // The replaced connection's end must not unregister its successor.
            _ = try await second.heartbeat()
            #expect(try await server.api.get("/api/v1/stations/CS-T-TWICE").body["connected"] == .bool(true))
            let reset = try await server.api.post("/api/v1/stations/CS-T-TWICE/requests/Reset", ["type": "OnIdle"])
            #expect(reset.status == 200, "CSMS→station requests reach the new connection: \(reset.text)")
            #expect(await second.receivedCalls(of: .reset).count == 1)
            #expect(await first.receivedCalls(of: .reset).isEmpty)
            try await expectStillServing(server, bystander)
            await second.disconnect()
            #expect(try await eventually { try await server.api.get("/api/v1/stations/CS-T-TWICE").body["connected"] == .bool(false) })
        }
    }

    // MARK: HTTP on the OCPP port

    @Test("RFC 6455 §4.2.2 — a plain GET without Upgrade on the OCPP port is answered 426 Upgrade Required")
    func plainHTTPRequestGets426() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "\(server.ocppURL.replacingOccurrences(of: "ws://", with: "http://"))/CS-T-BYSTANDER"),
                timeout: .seconds(10))
            #expect(response.status.code == 426)
            try await expectStillServing(server, bystander)
        }
    }

    @Test("RFC 7230 — bytes that are not HTTP at all are refused with 400 and the connection closed")
    func garbageBytesAreRefused() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-T-BYSTANDER")
            let reply = try await RawTCP.exchange(port: server.ocppPort, send: Array("\u{1}\u{2}HELLO THERE\r\n\r\n".utf8)) { _ in false }
            #expect(String(decoding: reply.prefix(12), as: UTF8.self) == "HTTP/1.1 400")
            try await expectStillServing(server, bystander)
        }
    }
}

// MARK: helpers

/// The HTTP status a refused upgrade got, or nil when the connection was not refused that way.
func upgradeStatus(of station: ChargingStationSimulator) async -> Int? {
    do {
        try await station.connect()
        await station.disconnect()
        return 101
    } catch {
        if case .upgradeRejected(_, let status, _) = error { return status }
        return nil
    }
}

/// After a failure: the server still answers its API and an already connected station can still talk.
func expectStillServing(_ server: RunningServer, _ bystander: ChargingStationSimulator, sourceLocation: SourceLocation = #_sourceLocation)
    async throws
{
    #expect(try await server.api.get("/healthz").status == 200, sourceLocation: sourceLocation)
    let heartbeat = try await bystander.heartbeat()
    #expect(abs(heartbeat.currentTime.timeIntervalSinceNow) < 60, sourceLocation: sourceLocation)
    #expect(await bystander.connectionState == .connected, sourceLocation: sourceLocation)
}

/// A bare TCP client for what a WebSocket client will not send or show: hand-written upgrade
/// requests, the exact response headers, the first WebSocket frame and non-HTTP bytes.
enum RawTCP {
    struct UpgradeResponse {
        let status: Int
        let headers: [(name: String, value: String)]
        /// Bytes after the header block (WebSocket frames after a 101, the body otherwise).
        let rest: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// Opcode of the first (unmasked, server-sent) WebSocket frame.
        var firstFrameOpcode: UInt8? { rest.first.map { $0 & 0x0F } }

        /// Status code of a first frame that is a close frame with a short payload.
        var firstFrameCloseCode: Int? {
            guard rest.count >= 4, rest[0] & 0x0F == 0x8, rest[1] & 0x7F >= 2 else { return nil }
            return Int(rest[2]) << 8 | Int(rest[3])
        }
    }

    struct TimedOut: Error {}

    /// Sends an upgrade request by hand and reads the response head (and, when asked, the first
    /// frame after a 101).
    static func upgrade(
        port: Int, path: String, headers: [(String, String)] = [("Sec-WebSocket-Protocol", "ocpp2.0.1")], awaitFirstFrame: Bool = false
    ) async throws -> UpgradeResponse {
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = try await exchange(port: port, send: Array(request.utf8)) { received in
            guard let end = headerEnd(received) else { return false }
            if !awaitFirstFrame { return true }
            return received.count >= end + 4
        }
        guard let end = headerEnd(bytes) else {
            throw TimedOut()
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        let status = statusParts.count > 1 ? Int(statusParts[1]) ?? 0 : 0
        let fields = head.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return UpgradeResponse(status: status, headers: fields, rest: Array(bytes[(end)...]))
    }

    /// Index just past the blank line ending the HTTP head.
    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// Writes `send`, then collects what arrives until `done` says enough, the peer closes, or
    /// `timeout` passes (then throws).
    static func exchange(port: Int, send: [UInt8], timeout: Duration = .seconds(15), until done: @escaping @Sendable ([UInt8]) -> Bool)
        async throws -> [UInt8]
    {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(bytes: send))
                    var received: [UInt8] = []
                    do {
                        for try await chunk in inbound {
                            received += Array(chunk.readableBytesView)
                            if done(received) { break }
                        }
                    } catch {
                        // A reset after the server's answer still leaves the answer to inspect.
                    }
                    return received
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw TimedOut() }
            return first
        }
    }
}
