import BusbarCSMS
import BusbarSimulator
import BusbarStorage
import Foundation
import OCPP
import Testing

@testable import BusbarServer

/// Issue #10 defect 10 end to end: use case A01 through `POST /api/v1/stations/{id}/password`
/// with the simulator on a real connection, and no station password (or other OCPP secret) in
/// the frame log, its SQLite file or any API view.
@Suite("A01 station password and secret redaction")
struct StationPasswordTests {
    static let oldPassword = "correct-horse-battery"

    @Test("A01 / TC_A_09_CSMS — the station accepts the new password, reconnects with it, and the old one is refused")
    func acceptedPasswordReplacesTheOldOne() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-A01")
            let reply = try await server.api.request(.post, "/api/v1/stations/CS-A01/password")
            #expect(reply.status == 200)
            #expect(reply.body["status"] == "Accepted")
            #expect(reply.body["passwordChanged"] == true)
            let call = try #require(await station.receivedCalls(of: .setVariables).first)
            #expect(call.payload["setVariableData"]?[0]?["component"]?["name"] == "SecurityCtrlr")
            #expect(call.payload["setVariableData"]?[0]?["variable"]?["name"] == "BasicAuthPassword")
            let newPassword = try #require(await station.deviceModel.value(of: DeviceModelVariable.basicAuthPassword))
            #expect(newPassword != Self.oldPassword)
            #expect((16...40).contains(newPassword.count))
            #expect(newPassword.allSatisfy { StationPasswordGenerator.alphabet.contains($0) })
            #expect(!reply.text.contains(newPassword), "the answer never carries the password")

            await station.disconnect()
            try await station.connect()  // the simulator now authenticates with what the CSMS set
            #expect(try await station.boot().status == .accepted)
            await station.disconnect()
            let old = server.simulator("CS-A01", password: Self.oldPassword)
            let refusal = await #expect(throws: SimulatorError.self) { try await old.connect() }
            guard case .upgradeRejected(_, let status, _)? = refusal else {
                Issue.record("expected the old password to be refused at the upgrade, got \(String(describing: refusal))")
                return
            }
            #expect(status == 401)
        }
    }

    @Test("A01 / TC_A_10_CSMS — a station that rejects the new password keeps the old one, and the API says 409")
    func rejectedPasswordKeepsTheOldOne() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-A01-NO")
            await station.setRequestHandler(for: .setVariables) { _ in
                .result([
                    "setVariableResult": [
                        [
                            "attributeStatus": "Rejected", "attributeStatusInfo": ["reasonCode": "TooShort"],
                            "component": ["name": "SecurityCtrlr"], "variable": ["name": "BasicAuthPassword"],
                        ]
                    ]
                ])
            }
            let before = try await server.server.store.station(id: "CS-A01-NO")?.passwordHash
            let reply = try await server.api.post("/api/v1/stations/CS-A01-NO/password", ["length": 16])
            #expect(reply.status == 409)
            #expect(reply.body["error"] == "password_rejected")
            #expect(reply.body["details"]?["attributeStatus"] == "Rejected")
            #expect(reply.body["message"]?.stringValue?.contains("old password stays valid") == true)
            #expect(try await server.server.store.station(id: "CS-A01-NO")?.passwordHash == before)
            await station.disconnect()
            let again = server.simulator("CS-A01-NO", password: Self.oldPassword)
            try await again.connect()
            #expect(try await again.boot().status == .accepted)
            await again.disconnect()
        }
    }

    @Test("A01 — a station that is not connected, unknown, or on profile 3 gets no new password; bad lengths name the field")
    func passwordChangeNeedsAConnectedBasicAuthStation() async throws {
        try await withRunningServer { server in
            try await server.addStation("CS-A01-OFF")
            let offline = try await server.api.request(.post, "/api/v1/stations/CS-A01-OFF/password")
            #expect(offline.status == 404)
            #expect(offline.body["error"] == "not_connected")
            #expect(try await server.api.request(.post, "/api/v1/stations/CS-NOBODY/password").status == 404)
            for length in [15, 41] {
                let bad = try await server.api.post("/api/v1/stations/CS-A01-OFF/password", ["length": .number(Double(length))])
                #expect(bad.status == 422)
                #expect(bad.body["field"] == "length")
            }
            _ = try await server.server.csms.administration.addStation(.init(id: "CS-A01-P3", securityProfile: 3))
            let profile3 = try await server.api.request(.post, "/api/v1/stations/CS-A01-P3/password")
            #expect(profile3.status == 409)
            #expect(profile3.body["error"] == "no_basic_auth")
        }
    }

    @Test("a new BasicAuthPassword is in neither busbar-frames.sqlite nor the frames view; a hand-made SetVariables of it is refused")
    func passwordIsRedactedFromTheFrameLog() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-SECRET")
            #expect(try await server.api.request(.post, "/api/v1/stations/CS-SECRET/password").status == 200)
            let newPassword = try #require(await station.deviceModel.value(of: DeviceModelVariable.basicAuthPassword))

            let frames = try await server.api.get("/api/v1/stations/CS-SECRET/frames")
            #expect(frames.status == 200)
            #expect(frames.text.contains("BasicAuthPassword"), "the SetVariables frame is logged")
            #expect(frames.text.contains(SecretRedaction.placeholder))
            #expect(!frames.text.contains(newPassword))
            try await server.server.store.flushFrameLog()
            for file in ["busbar-frames.sqlite", "busbar-frames.sqlite-wal"] {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: server.dataDirectory + "/" + file))) ?? Data()
                #expect(bytes.range(of: Data(newPassword.utf8)) == nil, "\(file)")
            }

            let handMade = try await server.api.post(
                "/api/v1/stations/CS-SECRET/requests/SetVariables",
                [
                    "setVariableData": [
                        [
                            "component": ["name": "SecurityCtrlr"], "variable": ["name": "BasicAuthPassword"],
                            "attributeValue": "a-password-typed-by-hand",
                        ]
                    ]
                ])
            #expect(handMade.status == 422)
            #expect(handMade.body["error"] == "use_password_route")
            #expect(await station.receivedCalls(of: .setVariables).count == 1)
            await station.disconnect()
        }
    }

    @Test("a station that reveals its BasicAuthPassword in GetVariables is answered through the API without it, and not logged")
    func revealedPasswordIsRedactedFromAPIViews() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-LEAKY")
            let leaked = "leaked-password-0123456789"
            await station.setRequestHandler(for: .getVariables) { _ in
                .result([
                    "getVariableResult": [
                        [
                            "attributeStatus": "Accepted", "attributeValue": .string(leaked),
                            "component": ["name": "SecurityCtrlr"], "variable": ["name": "BasicAuthPassword"],
                        ]
                    ]
                ])
            }
            let reply = try await server.api.post(
                "/api/v1/stations/CS-LEAKY/requests/GetVariables",
                ["getVariableData": [["component": ["name": "SecurityCtrlr"], "variable": ["name": "BasicAuthPassword"]]]])
            #expect(reply.status == 200)
            #expect(reply.body["getVariableResult"]?[0]?["attributeValue"] == .string(SecretRedaction.placeholder))
            #expect(!reply.text.contains(leaked))
            let frames = try await server.api.get("/api/v1/stations/CS-LEAKY/frames")
            #expect(!frames.text.contains(leaked))
            #expect(try await server.server.store.recentFrames(stationId: "CS-LEAKY", limit: 100).allSatisfy { !$0.text.contains(leaked) })
            await station.disconnect()
        }
    }
}
