import BusbarSimulator
import Foundation
import OCPP
import Testing

/// Station→CSMS use cases of the Core profile, end to end: a simulated station on a real
/// WebSocket, the real server, a real SQLite file, checked through the operator API.
@Suite("Core use cases, end to end")
struct CoreUseCaseTests {
    @Test("B01 — an accepted boot is answered with the heartbeat interval and its boot info is stored")
    func acceptedBootStoresBootInfo() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-B01")
            let station = server.simulator("CS-B01", password: password)
            try await station.connect()
            let response = try await station.boot()
            #expect(response.status == .accepted)
            #expect(response.interval == 300)
            #expect(abs(response.currentTime.timeIntervalSinceNow) < 60)
            let reply = try await server.api.get("/api/v1/stations/CS-B01")
            #expect(reply.status == 200)
            #expect(reply.body["connected"] == .bool(true))
            #expect(reply.body["registrationStatus"] == .string("Accepted"))
            #expect(reply.body["boot"]?["vendorName"] == .string("Busbar"))
            #expect(reply.body["boot"]?["model"] == .string("Simulator"))
            #expect(reply.body["boot"]?["reason"] == .string("PowerUp"))
            await station.disconnect()
        }
    }

    @Test("B02 / C-44 / TC_B_30 — while Pending, other CALLs get SecurityError until a triggered boot is Accepted")
    func pendingBootRefusesOtherCalls() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-B02", bootPolicy: .pending)
            let station = server.simulator("CS-B02", password: password)
            try await station.connect()
            let pending = try await station.sendBootNotification(reason: .powerUp)
            #expect(pending.status == .pending)
            #expect(pending.interval == 30)
            let code = await callErrorCode { () async throws(SimulatorError) in
                try await station.statusNotification(evseId: 1, connectorId: 1, status: .available)
            }
            #expect(code == "SecurityError")
            // The operator accepts the station and triggers a new boot (F06 TriggerMessage).
            let patch = try await server.api.patch("/api/v1/stations/CS-B02", ["bootStatus": "Accepted"])
            #expect(patch.status == 200)
            let trigger = try await server.api.post(
                "/api/v1/stations/CS-B02/requests/TriggerMessage", ["requestedMessage": "BootNotification"])
            #expect(trigger.status == 200)
            #expect(trigger.body["status"] == .string("Accepted"))
            #expect(
                try await eventually {
                    try await server.api.get("/api/v1/stations/CS-B02").body["registrationStatus"] == .string("Accepted")
                })
            try await station.statusNotification(evseId: 1, connectorId: 1, status: .available)
            await station.disconnect()
        }
    }

    @Test("B03 — a Rejected station may only boot, and the CSMS sends it nothing (B03.FR.03)")
    func rejectedStationIsLeftAlone() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-B03", bootPolicy: .rejected)
            let station = server.simulator("CS-B03", password: password)
            try await station.connect()
            let rejected = try await station.sendBootNotification(reason: .powerUp)
            #expect(rejected.status == .rejected)
            await #expect(throws: SimulatorError.self) { _ = try await station.heartbeat() }
            let reset = try await server.api.post("/api/v1/stations/CS-B03/requests/Reset", ["type": "Immediate"])
            #expect(reset.status == 409)
            #expect(await station.receivedCalls(of: .reset).isEmpty)
            await station.disconnect()
        }
    }

    @Test("G02 — Heartbeat answers the current time")
    func heartbeatAnswersCurrentTime() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-G02")
            let response = try await station.heartbeat()
            #expect(abs(response.currentTime.timeIntervalSinceNow) < 60)
            await station.disconnect()
        }
    }

    @Test("C01 / C-30…C-35 — Authorize answers from the token list for every idToken type")
    func authorizeEveryTokenType() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-C01")
            try await server.addToken("RFID-14443", type: "ISO14443", groupId: "FLEET-7")
            try await server.addToken("RFID-15693", type: "ISO15693")
            try await server.addToken("1234", type: "KeyCode")
            try await server.addToken("LOCAL-1", type: "Local")
            try await server.addToken("00:11:22:33:44:55", type: "MacAddress")
            try await server.addToken("CENTRAL-9", type: "Central")
            try await server.addToken("NL-TNM-C00122045-K", type: "eMAID")
            try await server.addToken("BLOCKED-1", type: "ISO14443", status: "Blocked")
            try await server.addToken("OLD-1", type: "ISO14443", expiresAt: Date(timeIntervalSinceNow: -3600))
            let cases: [(String, IdTokenEnumType, AuthorizationStatusEnumType)] = [
                ("RFID-14443", .iso14443, .accepted), ("RFID-15693", .iso15693, .accepted), ("1234", .keyCode, .accepted),
                ("LOCAL-1", .local, .accepted), ("00:11:22:33:44:55", .macAddress, .accepted), ("CENTRAL-9", .central, .accepted),
                ("NL-TNM-C00122045-K", .emaid, .accepted), ("", .noAuthorization, .accepted), ("BLOCKED-1", .iso14443, .blocked),
                ("OLD-1", .iso14443, .expired), ("NOBODY", .iso14443, .unknown), ("RFID-14443", .iso15693, .unknown),
            ]
            for (token, type, expected) in cases {
                let response = try await station.authorize(idToken: token, type: type)
                #expect(response.idTokenInfo.status == expected, "\(type.rawValue) \(token)")
            }
            let grouped = try await station.authorize(idToken: "rfid-14443", type: .iso14443)
            #expect(grouped.idTokenInfo.status == .accepted, "idTokens match case-insensitively")
            #expect(grouped.idTokenInfo.groupIdToken?.idToken == "FLEET-7")
            await station.disconnect()
        }
    }

    @Test("E01–E07 / J02 — a transaction's events and meter values are stored and listed by the API")
    func transactionLifecycleIsStored() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-E01")
            try await server.addToken("DRIVER-1")
            let transaction = try await station.startTransaction(evseId: 1, connectorId: 1, idToken: "DRIVER-1")
            #expect(transaction.startedResponse?.idTokenInfo?.status == .accepted)
            for _ in 0..<3 { _ = try await station.sendMeterValues(transaction: transaction) }
            _ = try await station.stopTransaction(transaction, reason: .evDisconnected)
            let list = try await server.api.get("/api/v1/transactions?stationId=CS-E01")
            #expect(list.status == 200)
            #expect(list.body.arrayValue?.count == 1)
            let detail = try await server.api.get("/api/v1/transactions/\(transaction.transactionId)")
            #expect(detail.status == 200)
            #expect(detail.body["active"] == .bool(false))
            #expect(detail.body["stoppedReason"] == .string("EVDisconnected"))
            #expect(detail.body["idToken"] == .string("DRIVER-1"))
            let events = detail.body["events"]?.arrayValue ?? []
            #expect(events.map { $0["eventType"]?.stringValue } == ["Started", "Updated", "Updated", "Updated", "Ended"])
            #expect(events.map { $0["seqNo"]?.intValue } == [0, 1, 2, 3, 4])
            #expect(events[1]["request"]?["meterValue"]?.arrayValue?.isEmpty == false)
            let measurands = Set((detail.body["meterValues"]?.arrayValue ?? []).compactMap { $0["measurand"]?.stringValue })
            #expect(measurands.isSuperset(of: ["Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Voltage"]))
            let active = try await server.api.get("/api/v1/transactions?active=true")
            #expect(active.body.arrayValue?.isEmpty == true)
            await station.disconnect()
        }
    }

    @Test("E12 — a TransactionEvent delivered twice is acknowledged twice and stored once")
    func redeliveredTransactionEventIsStoredOnce() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-E12")
            let payload: JSONValue = [
                "eventType": "Started", "timestamp": .string(OCPPDateTime.format(Date())), "triggerReason": "CablePluggedIn",
                "seqNo": 0, "offline": true, "transactionInfo": ["transactionId": "TX-E12"], "evse": ["id": 1, "connectorId": 1],
            ]
            _ = try await station.call(action: "TransactionEvent", payload: payload)
            _ = try await station.call(action: "TransactionEvent", payload: payload)
            let detail = try await server.api.get("/api/v1/transactions/TX-E12")
            #expect(detail.body["events"]?.arrayValue?.count == 1)
            #expect(detail.body["events"]?[0]?["offline"] == .bool(true))
            await station.disconnect()
        }
    }

    @Test("G01 — StatusNotification updates the connector status shown by the API")
    func statusNotificationIsShown() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-G01")
            try await station.statusNotification(evseId: 2, connectorId: 1, status: .faulted)
            let reply = try await server.api.get("/api/v1/stations/CS-G01")
            let evse2 = reply.body["evses"]?.arrayValue?.first { $0["id"] == .number(2) }
            #expect(evse2?["connectors"]?[0]?["status"] == .string("Faulted"))
            await station.disconnect()
        }
    }

    @Test("J01 / N07 / A04 / P01 — meter values, events, security events and DataTransfer are acknowledged")
    func notificationsAreAcknowledged() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-J01")
            try await station.meterValues(evseId: 1)
            let now = JSONValue.string(OCPPDateTime.format(Date()))
            _ = try await station.call(
                action: "NotifyEvent",
                payload: [
                    "generatedAt": now, "seqNo": 0,
                    "eventData": [
                        [
                            "eventId": 1, "timestamp": now, "trigger": "Delta", "actualValue": "Unavailable",
                            "eventNotificationType": "HardWiredNotification",
                            "component": ["name": "Connector", "evse": ["id": 1, "connectorId": 1]],
                            "variable": ["name": "AvailabilityState"],
                        ]
                    ],
                ])
            _ = try await station.call(action: "SecurityEventNotification", payload: ["type": "FirmwareUpdated", "timestamp": now])
            let transfer = try await station.call(
                action: "DataTransfer", payload: ["vendorId": "com.example", "messageId": "x", "data": ["a": 1]])
            #expect(transfer["status"] == .string("UnknownVendorId"))
            _ = try await station.call(action: "FirmwareStatusNotification", payload: ["status": "Installed", "requestId": 1])
            _ = try await station.call(action: "LogStatusNotification", payload: ["status": "Uploaded", "requestId": 2])
            await station.disconnect()
        }
    }

    @Test("B07 / C-50.2 — GetBaseReport through the API, answered by a multi-part NotifyReport")
    func baseReportArrives() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-B07")
            let reply = try await server.api.post(
                "/api/v1/stations/CS-B07/requests/GetBaseReport", ["requestId": 42, "reportBase": "FullInventory"])
            #expect(reply.status == 200)
            #expect(reply.body["status"] == .string("Accepted"))
            #expect(try await eventually { await !station.receivedCalls(of: .getBaseReport).isEmpty })
            await station.disconnect()
        }
    }
}

/// What a station reported outside transactions is visible to the operator.
@Suite("Station history through the API")
struct StationHistoryTests {
    @Test("B07 / N07 / A04 / L01 — device model, events, security events, notifications and frames are listed")
    func stationHistoryIsListed() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-HIST")
            let now = JSONValue.string(OCPPDateTime.format(Date()))
            _ = try await station.call(
                action: "NotifyReport",
                payload: [
                    "requestId": 7, "generatedAt": now, "seqNo": 0, "tbc": false,
                    "reportData": [
                        [
                            "component": ["name": "OCPPCommCtrlr"], "variable": ["name": "HeartbeatInterval"],
                            "variableAttribute": [["type": "Actual", "value": "300", "mutability": "ReadWrite"]],
                            "variableCharacteristics": ["dataType": "integer", "supportsMonitoring": false, "unit": "s"],
                        ]
                    ],
                ])
            _ = try await station.call(
                action: "NotifyEvent",
                payload: [
                    "generatedAt": now, "seqNo": 0,
                    "eventData": [
                        [
                            "eventId": 9, "timestamp": now, "trigger": "Alerting", "actualValue": "true",
                            "eventNotificationType": "HardWiredMonitor", "component": ["name": "EVSE", "evse": ["id": 1]],
                            "variable": ["name": "Problem"],
                        ]
                    ],
                ])
            _ = try await station.call(
                action: "SecurityEventNotification", payload: ["type": "TamperDetectionActivated", "timestamp": now, "techInfo": "lid"])
            _ = try await station.call(action: "FirmwareStatusNotification", payload: ["status": "Downloading", "requestId": 3])

            let model = try await server.api.get("/api/v1/stations/CS-HIST/device-model")
            let heartbeat = model.body.arrayValue?.first { $0["variable"]?["name"] == .string("HeartbeatInterval") }
            #expect(heartbeat?["value"] == .string("300"))
            #expect(heartbeat?["characteristics"]?["unit"] == .string("s"))
            let events = try await server.api.get("/api/v1/stations/CS-HIST/events")
            #expect(events.body.arrayValue?.first?["variable"] == .string("Problem"))
            let security = try await server.api.get("/api/v1/stations/CS-HIST/security-events")
            #expect(security.body.arrayValue?.first?["type"] == .string("TamperDetectionActivated"))
            let firmware = try await server.api.get("/api/v1/stations/CS-HIST/notifications?kind=FirmwareStatusNotification")
            #expect(firmware.body.arrayValue?.first?["request"]?["status"] == .string("Downloading"))
            let frames = try await server.api.get("/api/v1/stations/CS-HIST/frames?limit=2")
            #expect(frames.body.arrayValue?.count == 2)
            #expect(frames.body.arrayValue?.first?["frame"]?.stringValue?.hasPrefix("[3,") == true)
            #expect(try await server.api.get("/api/v1/stations/CS-HIST/frames?limit=0").status == 422)
            #expect(try await server.api.get("/api/v1/stations/NOPE/events").status == 404)
            await station.disconnect()
        }
    }
}
