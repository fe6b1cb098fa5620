import BusbarSimulator
import BusbarStorage
import Foundation
import Logging
import OCPP
import Testing

@testable import BusbarServer

/// The operator HTTP API over real HTTP against a real server: validation answers name the field
/// at fault, CSMS→station requests come back with the station's own answer, and the published
/// OpenAPI document lists exactly the routes served.
@Suite("Operator API")
struct OperatorAPITests {
    static let password = "correct-horse-battery"

    // MARK: stations

    @Test("registering a station answers 201 with its description and never the password or its hash")
    func registerStation() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.post(
                "/api/v1/stations", ["id": "CS-NEW", "password": .string(Self.password), "securityProfile": 2, "bootStatus": "Pending"])
            #expect(reply.status == 201)
            #expect(reply.contentType?.hasPrefix("application/json") == true)
            #expect(reply.body["id"] == "CS-NEW")
            #expect(reply.body["securityProfile"] == 2)
            #expect(reply.body["bootStatus"] == "Pending")
            #expect(reply.body["hasPassword"] == true)
            #expect(reply.body["connected"] == false)
            #expect(reply.body["createdAt"]?.stringValue.flatMap(OCPPDateTime.parse) != nil)
            let stored = try #require(try await server.server.store.station(id: "CS-NEW"))
            let hash = try #require(stored.passwordHash)
            #expect(!reply.text.contains(hash))
            #expect(!reply.text.contains(Self.password))
            #expect(!reply.text.contains("pbkdf2"))
            #expect(reply.body.objectValue?.keys.contains { $0.lowercased().contains("password") && $0 != "hasPassword" } == false)
        }
    }

    @Test("registering an existing station id answers 409 naming id")
    func duplicateStationIsAConflict() async throws {
        try await withRunningServer { server in
            let body: JSONValue = ["id": "CS-DUP", "password": .string(Self.password)]
            #expect(try await server.api.post("/api/v1/stations", body).status == 201)
            let again = try await server.api.post("/api/v1/stations", body)
            #expect(again.status == 409)
            #expect(again.body["error"] == "conflict")
            #expect(again.body["field"] == "id")
            #expect(again.body["message"]?.stringValue?.contains("CS-DUP") == true)
        }
    }

    @Test("invalid station registrations answer 422 naming the field at fault, and nothing is stored")
    func invalidStationIsRefusedWithItsField() async throws {
        try await withRunningServer { server in
            let cases: [(JSONValue, String)] = [
                (["id": .string(String(repeating: "A", count: 49)), "password": .string(Self.password)], "id"),
                (["id": "CS:1", "password": .string(Self.password)], "id"),
                (["id": "", "password": .string(Self.password)], "id"),
                (["password": .string(Self.password)], "id"),
                (["id": "CS-SHORT", "password": "too-short"], "password"),
                (["id": "CS-NOPASS"], "password"),
                (["id": "CS-PROFILE", "password": .string(Self.password), "securityProfile": 4], "securityProfile"),
                (["id": "CS-PROFILE", "password": .string(Self.password), "securityProfile": "one"], "securityProfile"),
                (["id": "CS-PROFILE", "password": .string(Self.password), "securityProfile": 1.5], "securityProfile"),
                (["id": "CS-BOOT", "password": .string(Self.password), "bootStatus": "Maybe"], "bootStatus"),
                (["id": "CS-EXTRA", "password": .string(Self.password), "colour": "red"], "colour"),
            ]
            for (body, field) in cases {
                let reply = try await server.api.post("/api/v1/stations", body)
                #expect(reply.status == 422, "\(body)")
                #expect(reply.body["error"] == "invalid_field", "\(body)")
                #expect(reply.body["field"] == .string(field), "\(body)")
                #expect(reply.body["message"]?.stringValue?.isEmpty == false, "\(body)")
            }
            let list = try await server.api.get("/api/v1/stations")
            #expect(list.body.arrayValue?.isEmpty == true)
        }
    }

    @Test("a body that is not JSON, or not a JSON object, answers 400")
    func malformedBodyIsABadRequest() async throws {
        try await withRunningServer { server in
            let broken = try await server.api.request(.post, "/api/v1/stations", rawBody: "{\"id\": \"CS-1\",")
            #expect(broken.status == 400)
            #expect(broken.body["error"] == "bad_request")
            let array = try await server.api.request(.post, "/api/v1/stations", rawBody: "[\"CS-1\"]")
            #expect(array.status == 400)
            #expect(array.body["message"]?.stringValue?.contains("object") == true)
            let patch = try await server.api.request(.patch, "/api/v1/stations/CS-1", rawBody: "\"text\"")
            #expect(patch.status == 400)
            let token = try await server.api.request(.post, "/api/v1/id-tokens", rawBody: "nope")
            #expect(token.status == 400)
        }
    }

    @Test("listing stations shows every registered one and which are connected")
    func listStations() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-LIST-1")
            try await server.addStation("CS-LIST-2")
            let reply = try await server.api.get("/api/v1/stations")
            #expect(reply.status == 200)
            let stations = reply.body.arrayValue ?? []
            #expect(Set(stations.compactMap { $0["id"]?.stringValue }) == ["CS-LIST-1", "CS-LIST-2"])
            let connected = stations.filter { $0["connected"] == true }.compactMap { $0["id"]?.stringValue }
            #expect(connected == ["CS-LIST-1"])
            #expect(!reply.text.contains("pbkdf2"))
            await station.disconnect()
        }
    }

    @Test("B01 / G01 — a booted station is shown connected, with its boot info and each connector's status")
    func stationDetailShowsBootAndConnectors() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-DETAIL")
            try await station.statusNotification(evseId: 1, connectorId: 1, status: .available)
            try await station.statusNotification(evseId: 2, connectorId: 1, status: .unavailable)
            let reply = try await server.api.get("/api/v1/stations/CS-DETAIL")
            #expect(reply.status == 200)
            #expect(reply.body["connected"] == true)
            #expect(reply.body["registrationStatus"] == "Accepted")
            #expect(reply.body["boot"]?["vendorName"] == "Busbar")
            #expect(reply.body["boot"]?["serialNumber"] == "SIM-CS-DETAIL")
            #expect(reply.body["boot"]?["firmwareVersion"] == "1.0.0")
            #expect(reply.body["boot"]?["at"]?.stringValue.flatMap(OCPPDateTime.parse) != nil)
            let evses = reply.body["evses"]?.arrayValue ?? []
            #expect(evses.map { $0["id"]?.intValue } == [1, 2])
            #expect(evses.first?["connectors"]?[0]?["connectorId"] == 1)
            #expect(evses.first?["connectors"]?[0]?["status"] == "Available")
            #expect(evses.last?["connectors"]?[0]?["status"] == "Unavailable")
            await station.disconnect()
            #expect(try await eventually { try await server.api.get("/api/v1/stations/CS-DETAIL").body["connected"] == false })
        }
    }

    @Test("an unknown station answers 404 with a JSON error")
    func unknownStationIsNotFound() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.get("/api/v1/stations/CS-NOBODY")
            #expect(reply.status == 404)
            #expect(reply.body["error"] == "not_found")
            #expect(reply.body["message"]?.stringValue?.contains("CS-NOBODY") == true)
        }
    }

    @Test("A01 — a changed password is the one the station must use from then on")
    func patchPasswordReplacesIt() async throws {
        try await withRunningServer { server in
            try await server.addStation("CS-PW")
            let newPassword = "a-brand-new-password-42"
            let reply = try await server.api.patch("/api/v1/stations/CS-PW", ["password": .string(newPassword)])
            #expect(reply.status == 200)
            #expect(reply.body["id"] == "CS-PW")
            #expect(reply.body["hasPassword"] == true)
            #expect(!reply.text.contains(newPassword))
            let old = server.simulator("CS-PW", password: Self.password)
            let refusal = await #expect(throws: SimulatorError.self) { try await old.connect() }
            if case .upgradeRejected(_, let status, _)? = refusal {
                #expect(status == 401)
            } else {
                Issue.record("expected the old password to be refused at the upgrade, got \(String(describing: refusal))")
            }
            let current = server.simulator("CS-PW", password: newPassword)
            try await current.connect()
            #expect(try await current.boot().status == .accepted)
            await current.disconnect()
        }
    }

    @Test("B02 — changing the boot status decides the next BootNotification answer; bad changes name their field")
    func patchBootStatus() async throws {
        try await withRunningServer { server in
            try await server.addStation("CS-BOOT")
            let reply = try await server.api.patch("/api/v1/stations/CS-BOOT", ["bootStatus": "Rejected"])
            #expect(reply.status == 200)
            #expect(reply.body["bootStatus"] == "Rejected")
            let station = server.simulator("CS-BOOT")
            try await station.connect()
            #expect(try await station.sendBootNotification(reason: .powerUp).status == .rejected)
            await station.disconnect()

            for (body, field) in [
                (["bootStatus": "Later"], "bootStatus"), (["password": "short"], "password"),
                (["securityProfile": 0], "securityProfile"), (["id": "CS-RENAMED"], "id"),
            ] as [(JSONValue, String)] {
                let bad = try await server.api.patch("/api/v1/stations/CS-BOOT", body)
                #expect(bad.status == 422, "\(body)")
                #expect(bad.body["field"] == .string(field), "\(body)")
            }
            #expect(try await server.api.get("/api/v1/stations/CS-BOOT").body["bootStatus"] == "Rejected")
        }
    }

    @Test("changing an unknown station answers 404")
    func patchUnknownStation() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.patch("/api/v1/stations/CS-NOBODY", ["bootStatus": "Accepted"])
            #expect(reply.status == 404)
            #expect(reply.body["error"] == "not_found")
        }
    }

    @Test("deleting a station answers 204 and decommissions it: still readable, 409 the second time, cannot connect")
    func deleteStation() async throws {
        try await withRunningServer { server in
            try await server.addStation("CS-GONE")
            let deleted = try await server.api.delete("/api/v1/stations/CS-GONE")
            #expect(deleted.status == 204)
            #expect(deleted.text.isEmpty)
            #expect(try await server.api.get("/api/v1/stations/CS-GONE").body["decommissionedAt"]?.stringValue != nil)
            let again = try await server.api.delete("/api/v1/stations/CS-GONE")
            #expect(again.status == 409)
            #expect(again.body["error"] == "conflict")
            #expect(try await server.api.delete("/api/v1/stations/CS-NEVER").status == 404)
            let station = server.simulator("CS-GONE")
            await #expect(throws: SimulatorError.self) { try await station.connect() }
        }
    }

    @Test("deleting a connected station closes its connection (policy violation) and it cannot come back")
    func deletingConnectedStationClosesIt() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-KICK")
            #expect(try await server.api.delete("/api/v1/stations/CS-KICK").status == 204)
            let state = try await station.waitUntilClosed()
            guard case .closed(let code, _, _) = state else {
                Issue.record("expected the server to close the connection, got \(state)")
                return
            }
            #expect(code == 1008)
            #expect(try await eventually { try await server.api.get("/healthz").body["connectedStations"] == 0 })
            let again = server.simulator("CS-KICK")
            await #expect(throws: SimulatorError.self) { try await again.connect() }
        }
    }

    // MARK: id tokens

    @Test("C01 — an id token added through the API is listed and used by Authorize")
    func addIdToken() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.post(
                "/api/v1/id-tokens",
                [
                    "idToken": "API-TOKEN-1", "type": "ISO14443", "status": "Accepted", "expiresAt": "2099-01-31T23:59:59Z",
                    "groupId": "FLEET-1",
                ])
            #expect(reply.status == 201)
            #expect(reply.body["idToken"] == "API-TOKEN-1")
            #expect(reply.body["type"] == "ISO14443")
            #expect(reply.body["status"] == "Accepted")
            #expect(reply.body["expiresAt"]?.stringValue.flatMap(OCPPDateTime.parse) == OCPPDateTime.parse("2099-01-31T23:59:59Z"))
            #expect(reply.body["groupId"] == "FLEET-1")
            let defaulted = try await server.api.post("/api/v1/id-tokens", ["idToken": "API-TOKEN-2", "type": "KeyCode"])
            #expect(defaulted.status == 201)
            #expect(defaulted.body["status"] == "Accepted")
            #expect(defaulted.body["expiresAt"] == .null)
            let list = try await server.api.get("/api/v1/id-tokens")
            #expect(list.status == 200)
            #expect(Set(list.body.arrayValue?.compactMap { $0["idToken"]?.stringValue } ?? []) == ["API-TOKEN-1", "API-TOKEN-2"])
            let station = try await server.bootedStation("CS-TOKENS")
            let authorized = try await station.authorize(idToken: "API-TOKEN-1", type: .iso14443)
            #expect(authorized.idTokenInfo.status == .accepted)
            #expect(authorized.idTokenInfo.groupIdToken?.idToken == "FLEET-1")
            await station.disconnect()
        }
    }

    @Test("invalid id tokens answer 422 naming the field at fault")
    func invalidIdTokenIsRefusedWithItsField() async throws {
        try await withRunningServer { server in
            let cases: [(JSONValue, String)] = [
                (["idToken": "T-1", "type": "Barcode"], "type"),
                (["idToken": "T-1", "type": "ISO14443", "status": "Fine"], "status"),
                (["idToken": "T-1", "type": "ISO14443", "expiresAt": "tomorrow"], "expiresAt"),
                (["idToken": "T-1", "type": "ISO14443", "expiresAt": 1_800_000_000], "expiresAt"),
                (["type": "ISO14443"], "idToken"),
                (["idToken": .string(String(repeating: "9", count: 37)), "type": "ISO14443"], "idToken"),
                (["idToken": "T-1"], "type"),
                (["idToken": "T-1", "type": "ISO14443", "groupId": ""], "groupId"),
                (["idToken": "T-1", "type": "ISO14443", "owner": "me"], "owner"),
            ]
            for (body, field) in cases {
                let reply = try await server.api.post("/api/v1/id-tokens", body)
                #expect(reply.status == 422, "\(body)")
                #expect(reply.body["field"] == .string(field), "\(body)")
            }
            #expect(try await server.api.get("/api/v1/id-tokens").body.arrayValue?.isEmpty == true)
        }
    }

    @Test("C01 — a deleted id token answers 204, then 404, and is no longer accepted")
    func deleteIdToken() async throws {
        try await withRunningServer { server in
            #expect(try await server.api.post("/api/v1/id-tokens", ["idToken": "00:11:22:33:44:55", "type": "MacAddress"]).status == 201)
            #expect(try await server.api.post("/api/v1/id-tokens", ["idToken": "KEEP-ME", "type": "ISO14443"]).status == 201)
            let station = try await server.bootedStation("CS-TOKEN-DEL")
            #expect(try await station.authorize(idToken: "00:11:22:33:44:55", type: .macAddress).idTokenInfo.status == .accepted)
            let deleted = try await server.api.delete("/api/v1/id-tokens/MacAddress/00:11:22:33:44:55")
            #expect(deleted.status == 204)
            let again = try await server.api.delete("/api/v1/id-tokens/MacAddress/00:11:22:33:44:55")
            #expect(again.status == 404)
            #expect(again.body["error"] == "not_found")
            #expect(try await server.api.delete("/api/v1/id-tokens/ISO15693/KEEP-ME").status == 404)
            #expect(try await server.api.get("/api/v1/id-tokens").body.arrayValue?.compactMap { $0["idToken"]?.stringValue } == ["KEEP-ME"])
            #expect(try await station.authorize(idToken: "00:11:22:33:44:55", type: .macAddress).idTokenInfo.status == .unknown)
            await station.disconnect()
        }
    }

    @Test("an id token with characters a URL must escape is deleted by its percent-encoded path")
    func deleteIdTokenWithEscapedCharacters() async throws {
        try await withRunningServer { server in
            for token in ["PIN 1234", "A/B%C", "ÄÖ-1"] {
                #expect(try await server.api.post("/api/v1/id-tokens", ["idToken": .string(token), "type": "Central"]).status == 201)
                let escaped = try #require(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let deleted = try await server.api.delete("/api/v1/id-tokens/Central/\(escaped)")
                #expect(deleted.status == 204, "\(token) → \(escaped): \(deleted.text)")
            }
            #expect(try await server.api.get("/api/v1/id-tokens").body.arrayValue?.isEmpty == true)
        }
    }

    // MARK: transactions

    @Test("E01 / E06 — transactions are filtered by station and by active, and a bad filter names its field")
    func transactionFilters() async throws {
        try await withRunningServer { server in
            try await server.addToken("DRIVER-1")
            let busy = try await server.bootedStation("CS-BUSY")
            let idle = try await server.bootedStation("CS-IDLE")
            let running = try await busy.startTransaction(evseId: 1, idToken: "DRIVER-1")
            let finished = try await idle.startTransaction(evseId: 1, idToken: "DRIVER-1")
            try await idle.stopTransaction(finished, reason: .local)

            func ids(_ query: String) async throws -> Set<String> {
                let reply = try await server.api.get("/api/v1/transactions\(query)")
                #expect(reply.status == 200, "\(query)")
                return Set(reply.body.arrayValue?.compactMap { $0["transactionId"]?.stringValue } ?? [])
            }
            #expect(try await ids("") == [running.transactionId, finished.transactionId])
            #expect(try await ids("?stationId=CS-BUSY") == [running.transactionId])
            #expect(try await ids("?stationId=CS-IDLE") == [finished.transactionId])
            #expect(try await ids("?active=true") == [running.transactionId])
            #expect(try await ids("?active=false") == [finished.transactionId])
            #expect(try await ids("?stationId=CS-IDLE&active=true") == [])
            #expect(try await ids("?stationId=CS-NOBODY") == [])

            let listed = try await server.api.get("/api/v1/transactions?stationId=CS-BUSY")
            #expect(listed.body[0]?["active"] == true)
            #expect(listed.body[0]?["idToken"] == "DRIVER-1")
            #expect(listed.body[0]?["evseId"] == 1)

            let maybe = try await server.api.get("/api/v1/transactions?active=maybe")
            #expect(maybe.status == 422)
            #expect(maybe.body["field"] == "active")
            await busy.disconnect()
            await idle.disconnect()
        }
    }

    @Test("an unknown transaction answers 404 with a JSON error")
    func unknownTransactionIsNotFound() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.get("/api/v1/transactions/TX-NOBODY")
            #expect(reply.status == 404)
            #expect(reply.body["error"] == "not_found")
            #expect(reply.body["message"]?.stringValue?.contains("TX-NOBODY") == true)
        }
    }

    // MARK: CSMS→station requests

    @Test("B06 — GetVariables is sent as given and answered with the station's own result")
    func getVariablesReturnsStationAnswer() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-GETVAR")
            await station.setRequestHandler(for: .getVariables) { call in
                .result([
                    "getVariableResult": .array(
                        (call.payload["getVariableData"]?.arrayValue ?? []).map { data in
                            [
                                "attributeStatus": "Accepted",
                                "attributeValue": .string("value-of-\(data["variable"]?["name"]?.stringValue ?? "?")"),
                                "component": data["component"] ?? .null, "variable": data["variable"] ?? .null,
                            ]
                        })
                ])
            }
            let request: JSONValue = [
                "getVariableData": [["component": ["name": "OCPPCommCtrlr"], "variable": ["name": "HeartbeatInterval"]]]
            ]
            let reply = try await server.api.post("/api/v1/stations/CS-GETVAR/requests/GetVariables", request)
            #expect(reply.status == 200)
            #expect(reply.body["getVariableResult"]?[0]?["attributeValue"] == "value-of-HeartbeatInterval")
            #expect(reply.body["getVariableResult"]?[0]?["attributeStatus"] == "Accepted")
            let received = await station.receivedCalls(of: .getVariables)
            #expect(received.map(\.payload) == [request])
            await station.disconnect()
        }
    }

    @Test("B11 — Reset is delivered to the station and its answer returned")
    func resetIsDelivered() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-RESET")
            let reply = try await server.api.post("/api/v1/stations/CS-RESET/requests/Reset", ["type": "Immediate"])
            #expect(reply.status == 200)
            #expect(reply.body["status"] == "Accepted")
            let resets = await station.receivedCalls(of: .reset)
            #expect(resets.count == 1)
            #expect(try resets.first?.decode(ResetRequest.self).type == .immediate)
            await station.disconnect()
        }
    }

    @Test("F01 — RequestStartTransaction through the API starts a transaction carrying the remoteStartId")
    func remoteStartCreatesTransaction() async throws {
        try await withRunningServer { server in
            try await server.addToken("REMOTE-1")
            let station = try await server.bootedStation("CS-F01")
            let reply = try await server.api.post(
                "/api/v1/stations/CS-F01/requests/RequestStartTransaction",
                ["idToken": ["idToken": "REMOTE-1", "type": "ISO14443"], "remoteStartId": 4711, "evseId": 1])
            #expect(reply.status == 200)
            #expect(reply.body["status"] == "Accepted")
            #expect(
                try await eventually {
                    try await server.api.get("/api/v1/transactions?stationId=CS-F01&active=true").body.arrayValue?.count == 1
                })
            let transaction = try await server.api.get("/api/v1/transactions?stationId=CS-F01").body[0]
            #expect(transaction?["remoteStartId"] == 4711)
            #expect(transaction?["idToken"] == "REMOTE-1")
            #expect(transaction?["evseId"] == 1)
            await station.disconnect()
        }
    }

    @Test("a payload breaking the request schema answers 422 listing each field, and nothing reaches the station")
    func invalidPayloadIsNotSent() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-SCHEMA")
            let reply = try await server.api.post(
                "/api/v1/stations/CS-SCHEMA/requests/GetVariables",
                ["getVariableData": [["component": [:], "variable": ["name": 5]]]])
            #expect(reply.status == 422)
            #expect(reply.body["error"] == "invalid_payload")
            let details = reply.body["details"]?.arrayValue ?? []
            #expect(details.count >= 2)
            let fields = details.compactMap { $0["field"]?.stringValue }
            #expect(fields.contains { $0.contains("component") && $0.contains("name") })
            #expect(fields.contains { $0.contains("variable") && $0.contains("name") })
            #expect(details.allSatisfy { $0["reason"]?.stringValue?.isEmpty == false })
            #expect(reply.body["field"]?.stringValue != nil)

            let wrongEnum = try await server.api.post("/api/v1/stations/CS-SCHEMA/requests/Reset", ["type": "Sometime"])
            #expect(wrongEnum.status == 422)
            #expect(wrongEnum.body["details"]?[0]?["field"]?.stringValue?.contains("type") == true)

            // Frames on one socket arrive in order: if the refused requests had been sent, they
            // would be recorded before this valid one.
            let valid = try await server.api.post("/api/v1/stations/CS-SCHEMA/requests/Reset", ["type": "OnIdle"])
            #expect(valid.status == 200)
            #expect(await station.receivedCalls.map(\.action) == ["Reset"])
            await station.disconnect()
        }
    }

    @Test("an unknown action answers 404, a station-sent action 422, and neither reaches the station")
    func unknownAndWrongDirectionActions() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-ACTIONS")
            let unknown = try await server.api.post("/api/v1/stations/CS-ACTIONS/requests/MakeCoffee", [:])
            #expect(unknown.status == 404)
            #expect(unknown.body["error"] == "unknown_action")
            #expect(unknown.body["field"] == "action")
            let boot = try await server.api.post(
                "/api/v1/stations/CS-ACTIONS/requests/BootNotification",
                ["reason": "PowerUp", "chargingStation": ["model": "X", "vendorName": "Y"]])
            #expect(boot.status == 422)
            #expect(boot.body["error"] == "wrong_direction")
            #expect(boot.body["field"] == "action")
            let heartbeat = try await server.api.post("/api/v1/stations/CS-ACTIONS/requests/Heartbeat", [:])
            #expect(heartbeat.status == 422)
            #expect(try await server.api.post("/api/v1/stations/CS-ACTIONS/requests/Reset", ["type": "Immediate"]).status == 200)
            #expect(await station.receivedCalls.map(\.action) == ["Reset"])
            await station.disconnect()
        }
    }

    @Test("a request to a station that is not connected answers 404")
    func requestToDisconnectedStation() async throws {
        try await withRunningServer { server in
            try await server.addStation("CS-OFFLINE")
            let registered = try await server.api.post("/api/v1/stations/CS-OFFLINE/requests/Reset", ["type": "Immediate"])
            #expect(registered.status == 404)
            #expect(registered.body["error"] == "not_connected")
            #expect(registered.body["message"]?.stringValue?.contains("CS-OFFLINE") == true)
            let unknown = try await server.api.post("/api/v1/stations/CS-NOBODY/requests/Reset", ["type": "Immediate"])
            #expect(unknown.status == 404)

            let station = try await server.bootedStation("CS-LEFT")
            await station.disconnect()
            #expect(try await eventually { try await server.api.get("/api/v1/stations/CS-LEFT").body["connected"] == false })
            #expect(try await server.api.post("/api/v1/stations/CS-LEFT/requests/Reset", ["type": "Immediate"]).status == 404)
        }
    }

    @Test("a station answering CALLERROR gives 502 with its error code and description in details")
    func callErrorIsBadGateway() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-CALLERROR")
            await station.setRequestHandler(for: .reset) { _ in
                .error(.notSupported, description: "this station cannot reset", details: ["hint": "power-cycle it"])
            }
            let reply = try await server.api.post("/api/v1/stations/CS-CALLERROR/requests/Reset", ["type": "Immediate"])
            #expect(reply.status == 502)
            #expect(reply.body["error"] == "call_error")
            #expect(reply.body["details"]?["errorCode"] == "NotSupported")
            #expect(reply.body["details"]?["errorDescription"] == "this station cannot reset")
            #expect(reply.body["details"]?["errorDetails"]?["hint"] == "power-cycle it")
            await station.disconnect()
        }
    }

    @Test("a station that never answers gives 504 after ?timeout, and the next request is still served")
    func unansweredRequestTimesOutPerRequest() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-SILENT")
            await station.setRequestHandler(for: .reset) { _ in .noReply }
            let reply = try await server.api.post("/api/v1/stations/CS-SILENT/requests/Reset?timeout=0.5", ["type": "Immediate"])
            #expect(reply.status == 504)
            #expect(reply.body["error"] == "timeout")
            await station.removeRequestHandler(for: .reset)
            let next = try await server.api.post("/api/v1/stations/CS-SILENT/requests/Reset?timeout=10", ["type": "Immediate"])
            #expect(next.status == 200)
            #expect(await station.receivedCalls(of: .reset).count == 2)
            for bad in ["0", "-1", "soon", "601"] {
                let refused = try await server.api.post("/api/v1/stations/CS-SILENT/requests/Reset?timeout=\(bad)", ["type": "Immediate"])
                #expect(refused.status == 422, "timeout=\(bad)")
                #expect(refused.body["field"] == "timeout", "timeout=\(bad)")
            }
            #expect(await station.receivedCalls(of: .reset).count == 2)
            await station.disconnect()
        }
    }

    @Test("a station that never answers gives 504 after the server's call timeout")
    func unansweredRequestTimesOutByConfiguration() async throws {
        try await withRunningServer(configure: { $0.callTimeout = .milliseconds(500) }) { server in
            let station = try await server.bootedStation("CS-SILENT-2")
            await station.setRequestHandler(for: .getVariables) { _ in .noReply }
            let reply = try await server.api.post(
                "/api/v1/stations/CS-SILENT-2/requests/GetVariables",
                ["getVariableData": [["component": ["name": "OCPPCommCtrlr"], "variable": ["name": "HeartbeatInterval"]]]])
            #expect(reply.status == 504)
            #expect(reply.body["error"] == "timeout")
            await station.disconnect()
        }
    }

    @Test("Part 4 §4.1.1 — two concurrent requests to one station are both answered, the second sent only after the first's answer")
    func concurrentRequestsAreSerialized() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-QUEUE")
            let log = CallLog()
            await station.setRequestHandler(for: .getVariables) { call in
                let name = call.payload["getVariableData"]?[0]?["variable"]?["name"]?.stringValue ?? "?"
                await log.append("start \(name)")
                // Holds the answer long enough that a second CALL sent early would start meanwhile.
                try await Task.sleep(for: .milliseconds(300))
                await log.append("end \(name)")
                return .result([
                    "getVariableResult": [
                        [
                            "attributeStatus": "Accepted", "attributeValue": .string("answer-\(name)"),
                            "component": ["name": "OCPPCommCtrlr"], "variable": ["name": .string(name)],
                        ]
                    ]
                ])
            }
            func request(_ name: String) async throws -> APIClient.Reply {
                try await server.api.post(
                    "/api/v1/stations/CS-QUEUE/requests/GetVariables",
                    ["getVariableData": [["component": ["name": "OCPPCommCtrlr"], "variable": ["name": .string(name)]]]])
            }
            async let first = request("HeartbeatInterval")
            async let second = request("MessageTimeout")
            let (a, b) = try await (first, second)
            #expect(a.status == 200)
            #expect(b.status == 200)
            #expect(a.body["getVariableResult"]?[0]?["attributeValue"] == "answer-HeartbeatInterval")
            #expect(b.body["getVariableResult"]?[0]?["attributeValue"] == "answer-MessageTimeout")
            let entries = await log.entries
            #expect(entries.count == 4)
            // Whichever went first, each CALL was answered before the next one arrived.
            let pairs = stride(from: 0, to: entries.count - 1, by: 2).map { (entries[$0], entries[$0 + 1]) }
            for (start, end) in pairs {
                #expect(start.hasPrefix("start "))
                #expect(end == "end " + start.dropFirst("start ".count))
            }
            #expect(await station.receivedCalls(of: .getVariables).count == 2)
            await station.disconnect()
        }
    }

    // MARK: operations and the API description

    @Test("/healthz answers 200 with the number of connected stations")
    func healthz() async throws {
        try await withRunningServer { server in
            let empty = try await server.api.get("/healthz")
            #expect(empty.status == 200)
            #expect(empty.body["status"] == "ok")
            #expect(empty.body["connectedStations"] == 0)
            let station = try await server.bootedStation("CS-HEALTH")
            #expect(try await server.api.get("/healthz").body["connectedStations"] == 1)
            await station.disconnect()
        }
    }

    @Test("/metrics answers Prometheus text counting the calls received per action")
    func metricsArePrometheusText() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-METRICS")
            _ = try await station.heartbeat()
            let reply = try await server.api.get("/metrics")
            #expect(reply.status == 200)
            #expect(reply.contentType?.hasPrefix("text/plain") == true)
            #expect(reply.text.contains("# TYPE busbar_ocpp_calls_received_total counter"))
            let bootLine = reply.text.split(separator: "\n").first {
                $0.hasPrefix("busbar_ocpp_calls_received_total") && $0.contains("action=\"BootNotification\"")
            }
            #expect(bootLine.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } == 1)
            // The BootNotification's write was committed, and counted as one acknowledged write.
            func counter(_ name: String) -> Double? {
                reply.text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                    .flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
            }
            #expect((counter("busbar_storage_commits_total") ?? 0) >= 1)
            #expect((counter("busbar_storage_writes_total") ?? 0) >= (counter("busbar_storage_commits_total") ?? .infinity))
            await station.disconnect()
        }
    }

    @Test("the OpenAPI 3.1 document lists exactly the methods and paths the router serves")
    func openAPIDocumentMatchesRouter() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.get("/api/v1/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.contentType?.hasPrefix("application/json") == true)
            let document = try JSONValue(parsing: reply.text)
            #expect(document["openapi"]?.stringValue?.hasPrefix("3.1.") == true)
            #expect(document["info"]?["title"]?.stringValue?.isEmpty == false)
            let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
            var documented: Set<String> = []
            for (path, item) in document["paths"]?.objectValue ?? [:] {
                for method in (item.objectValue ?? [:]).keys where methods.contains(method) {
                    documented.insert("\(method.uppercased()) \(Self.normalized(path))")
                }
            }
            let csms = server.server
            let router = APIRouter(
                csms: csms.csms, store: csms.store, requests: csms.connections, connections: csms.connections, metrics: csms.metrics,
                sites: csms.sites, energy: csms.energy, logger: Logger(label: "openapi-test"))
            let served = Set(
                router.routeSignatures.map { signature in
                    let parts = signature.split(separator: " ", maxSplits: 1)
                    return "\(parts[0]) \(Self.normalized(String(parts[1])))"
                })
            #expect(!served.isEmpty)
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
            // Every documented path parameter is declared, so generated clients can fill it in.
            for (path, item) in document["paths"]?.objectValue ?? [:] {
                let placeholders = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                let declared = Set(
                    (item["parameters"]?.arrayValue ?? []).filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue })
                #expect(placeholders == declared, "\(path)")
            }
        }
    }

    @Test("an unknown route answers 404 with a JSON error body")
    func unknownRouteIsJSON404() async throws {
        try await withRunningServer { server in
            for path in ["/api/v1/nothing-here", "/nope", "/api/v1/stations/CS-1/unknown"] {
                let reply = try await server.api.get(path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.contentType?.hasPrefix("application/json") == true, "\(path)")
                #expect(reply.body["error"] == "not_found", "\(path)")
                #expect(reply.body["message"]?.stringValue != nil, "\(path)")
            }
        }
    }

    /// `/stations/:id` and `/stations/{id}` name the same route; compare in the OpenAPI form.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }
}

/// What a scripted station handler saw, in order.
actor CallLog {
    private(set) var entries: [String] = []
    func append(_ entry: String) { entries.append(entry) }
}
