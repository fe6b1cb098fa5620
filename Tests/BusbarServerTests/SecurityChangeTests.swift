import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// Issue #10 defect 12: a station whose security settings change must reconnect under the new
/// rules, so its live connection is closed with 1008 (policy violation, RFC 6455 §7.4.1) — after a
/// new security profile, a new password (PATCH, or A01 once the station accepted it), or DELETE.
@Suite("Security changes close the live connection")
struct SecurityChangeTests {
    enum Change: String, CaseIterable, Sendable {
        case securityProfile, password, passwordA01, decommission
    }

    @Test("Issue #10 defect 12 — a changed security setting closes the station's live connection with 1008", arguments: Change.allCases)
    func securityChangeClosesTheConnection(_ change: Change) async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-SEC-BYSTANDER")
            let station = try await server.bootedStation("CS-SEC")
            let reply: APIClient.Reply
            switch change {
            case .securityProfile:
                reply = try await server.api.patch("/api/v1/stations/CS-SEC", ["securityProfile": 2])
            case .password:
                reply = try await server.api.patch("/api/v1/stations/CS-SEC", ["password": "a-brand-new-password-1"])
            case .passwordA01:
                reply = try await server.api.request(.post, "/api/v1/stations/CS-SEC/password")
            case .decommission:
                reply = try await server.api.delete("/api/v1/stations/CS-SEC")
            }
            #expect((200..<300).contains(reply.status), "\(change): \(reply.text)")
            let closed = try await station.waitUntilClosed(timeout: .seconds(10))
            guard case .closed(let code, _, _) = closed else {
                Issue.record("\(change): the live connection was not closed: \(closed)")
                return
            }
            #expect(code == 1008, "\(change): closed with \(String(describing: code))")
            #expect(try await eventually { try await server.api.get("/api/v1/stations/CS-SEC").body["connected"] != .bool(true) })
            try await expectStillServing(server, bystander)
            await bystander.disconnect()
        }
    }

    @Test("Issue #10 defect 12 — a PATCH that changes no security setting (boot status only) keeps the connection")
    func otherChangesKeepTheConnection() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-SEC-KEEP")
            let reply = try await server.api.patch("/api/v1/stations/CS-SEC-KEEP", ["bootStatus": "Pending"])
            #expect(reply.status == 200, "\(reply.text)")
            _ = try await station.heartbeat()
            #expect(await station.connectionState == .connected)
            await station.disconnect()
        }
    }
}
