import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// Issue #10 defect 1: sockets that connect and never finish their upgrade must not exhaust the
/// server. An upgrade has a deadline, a silent connection an idle timeout, and connections not yet
/// authenticated are capped (globally and per source address) while the operator API and
/// authenticated stations go on being served; every refusal is counted in /metrics.
@Suite("Half-open connections")
struct HalfOpenConnectionTests {
    static let partialUpgrade = Array("GET /ocpp/CS-HALF HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".utf8)

    @Test("Issue #10 defect 1 — an upgrade still unfinished at the handshake deadline is closed, even while bytes trickle in")
    func unfinishedUpgradeIsClosedAtTheDeadline() async throws {
        // No bystander here: on a loaded machine its own upgrade could outlast so short a deadline
        // (the cap test below checks that others are still served).
        try await withRunningServer(configure: {
            $0.limits.handshakeTimeout = .seconds(1)
            $0.limits.idleTimeout = .seconds(30)
        }) { server in
            let slow = try await RawStation.open(port: server.ocppPort)
            try await slow.send(Self.partialUpgrade)
            let trickle = Task {
                for _ in 0..<100 where !Task.isCancelled {
                    try? await slow.send(Array("X-Slow: 1\r\n".utf8))
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(await slow.wait(for: .seconds(8)) { _, closed in closed }, "closed at the 1 s handshake deadline")
            trickle.cancel()
            #expect(try await metric(server, "busbar_ocpp_handshake_timeouts_total", labels: #"{reason="handshake"}"#) >= 1)
        }
    }

    @Test("Issue #10 defect 1 — a connection that sends nothing is closed at the idle timeout")
    func silentConnectionIsClosedWhenIdle() async throws {
        try await withRunningServer(configure: {
            $0.limits.handshakeTimeout = .seconds(30)
            $0.limits.idleTimeout = .milliseconds(300)
        }) { server in
            let silent = try await RawStation.open(port: server.ocppPort)
            #expect(await silent.wait(for: .seconds(5)) { _, closed in closed }, "closed after 0.3 s without a byte")
            #expect(try await metric(server, "busbar_ocpp_handshake_timeouts_total", labels: #"{reason="idle"}"#) >= 1)
        }
    }

    @Test(
        "Issue #10 defect 1 — past the cap on unauthenticated connections (global, per address) a new one is closed at once; the API and connected stations are still served",
        arguments: [(global: 3, perAddress: 100, reason: "global"), (global: 100, perAddress: 3, reason: "address")])
    func connectionsPastTheCapAreRefused(global: Int, perAddress: Int, reason: String) async throws {
        try await withRunningServer(configure: {
            $0.limits.handshakeTimeout = .seconds(30)
            $0.limits.idleTimeout = .seconds(30)
            $0.limits.maxPendingConnections = global
            $0.limits.maxPendingPerAddress = perAddress
        }) { server in
            let bystander = try await server.bootedStation("CS-HALF-BYSTANDER")
            var halfOpen: [RawStation] = []
            for _ in 0..<3 {
                let socket = try await RawStation.open(port: server.ocppPort)
                try await socket.send(Self.partialUpgrade)
                halfOpen.append(socket)
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(halfOpen.allSatisfy { !$0.closedByServer }, "the ones within the cap stay open")
            let oneTooMany = try await RawStation.open(port: server.ocppPort)
            #expect(await oneTooMany.wait(for: .seconds(3)) { _, closed in closed }, "the one past the cap is closed at once")
            #expect(try await metric(server, "busbar_ocpp_connections_refused_total", labels: "{reason=\"\(reason)\"}") >= 1)
            try await expectStillServing(server, bystander)

            // Slots come back when the half-open sockets go: a station can connect again.
            for socket in halfOpen { await socket.close() }
            let password = try await server.addStation("CS-HALF-LATER")
            let later = server.simulator("CS-HALF-LATER", password: password)
            #expect(
                try await eventually {
                    (try? await later.connect()) != nil
                }, "a station connects once the half-open sockets are gone")
            #expect(try await later.boot().status == .accepted)
            await later.disconnect()
            await bystander.disconnect()
        }
    }
}
