import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// Issue #10 defect 16: billing records outlive a station. `DELETE /api/v1/stations/{id}`
/// decommissions (the station can no longer connect, its history stays readable); removing the
/// history is a separate, confirmed purge.
@Suite("Decommissioning stations, end to end")
struct DecommissionTests {
    @Test("DELETE decommissions: the station is refused at upgrade, its transactions, meter values and events stay readable")
    func decommissionKeepsHistory() async throws {
        try await withRunningServer { server in
            let station = try await stationWithHistory(server, "CS-DECOM")
            let deleted = try await server.api.delete("/api/v1/stations/CS-DECOM")
            #expect(deleted.status == 204, "\(deleted.text)")
            #expect(try await eventually { await station.connectionState != .connected })

            let again = server.simulator("CS-DECOM")
            #expect(await upgradeStatus(of: again) == 404, "a decommissioned station cannot connect")

            let detail = try await server.api.get("/api/v1/stations/CS-DECOM")
            #expect(detail.status == 200, "\(detail.text)")
            #expect(detail.body["decommissionedAt"]?.stringValue != nil, "\(detail.text)")
            let transaction = try await server.api.get("/api/v1/transactions/TX-DECOM")
            #expect(transaction.status == 200, "billing record kept: \(transaction.text)")
            #expect(transaction.body["meterValues"]?.arrayValue?.count == 1, "\(transaction.text)")
            #expect(try await server.api.get("/api/v1/transactions?stationId=CS-DECOM").body.arrayValue?.count == 1)
            let events = try await server.api.get("/api/v1/stations/CS-DECOM/security-events")
            #expect(events.status == 200 && events.body.arrayValue?.isEmpty == false, "\(events.text)")

            // The fleet list shows stations in service; decommissioned ones on request.
            let listed = try await server.api.get("/api/v1/stations").body.arrayValue ?? []
            #expect(!listed.contains { $0["id"] == .string("CS-DECOM") }, "\(listed)")
            let retired = try await server.api.get("/api/v1/stations?state=decommissioned").body.arrayValue ?? []
            #expect(retired.map { $0["id"] } == [.string("CS-DECOM")], "\(retired)")
            let all = try await server.api.get("/api/v1/stations?state=all").body.arrayValue ?? []
            #expect(all.contains { $0["id"] == .string("CS-DECOM") })
            #expect(try await server.api.get("/api/v1/stations?state=gone").status == 400)

            // Changing a decommissioned station or decommissioning it twice is a conflict.
            #expect(try await server.api.patch("/api/v1/stations/CS-DECOM", ["bootStatus": "Pending"]).status == 409)
            #expect(try await server.api.delete("/api/v1/stations/CS-DECOM").status == 409)
        }
    }

    @Test("The purge of a station's data needs it decommissioned and ?confirm= equal to its id; then everything is gone")
    func purgeIsExplicitAndConfirmed() async throws {
        try await withRunningServer { server in
            let station = try await stationWithHistory(server, "CS-PURGE")
            let early = try await server.api.delete("/api/v1/stations/CS-PURGE/data?confirm=CS-PURGE")
            #expect(early.status == 409, "a station in service is decommissioned first: \(early.text)")
            await station.disconnect()
            #expect(try await server.api.delete("/api/v1/stations/CS-PURGE").status == 204)

            let unconfirmed = try await server.api.delete("/api/v1/stations/CS-PURGE/data")
            #expect(unconfirmed.status == 400 && unconfirmed.body["field"] == .string("confirm"), "\(unconfirmed.text)")
            let wrong = try await server.api.delete("/api/v1/stations/CS-PURGE/data?confirm=CS-OTHER")
            #expect(wrong.status == 400 && wrong.body["field"] == .string("confirm"), "\(wrong.text)")
            #expect(try await server.api.get("/api/v1/transactions/TX-PURGE").status == 200, "nothing purged yet")

            let purged = try await server.api.delete("/api/v1/stations/CS-PURGE/data?confirm=CS-PURGE")
            #expect(purged.status == 204, "\(purged.text)")
            #expect(try await server.api.get("/api/v1/stations/CS-PURGE").status == 404)
            #expect(try await server.api.get("/api/v1/transactions/TX-PURGE").status == 404)
            #expect(try await server.api.delete("/api/v1/stations/CS-PURGE/data?confirm=CS-PURGE").status == 404)
            // A purged id is free again.
            #expect(try await server.api.post("/api/v1/stations", ["id": "CS-PURGE", "password": "correct-horse-battery"]).status == 201)
        }
    }

    @Test("Re-adding a decommissioned id puts it back in service with the new credentials and keeps its history")
    func readdingRecommissions() async throws {
        try await withRunningServer { server in
            let station = try await stationWithHistory(server, "CS-READD")
            await station.disconnect()
            #expect(try await server.api.delete("/api/v1/stations/CS-READD").status == 204)
            let readded = try await server.api.post(
                "/api/v1/stations", ["id": "CS-READD", "password": "another-horse-battery", "bootStatus": "Pending"])
            #expect(readded.status == 201, "\(readded.text)")
            #expect(readded.body["decommissionedAt"] == .null, "\(readded.text)")
            #expect(readded.body["bootStatus"] == .string("Pending"))
            #expect(await upgradeStatus(of: server.simulator("CS-READD")) == 401, "the old password no longer works")
            let back = server.simulator("CS-READD", password: "another-horse-battery")
            try await back.connect()
            #expect(try await back.boot().status == .pending)
            #expect(try await server.api.get("/api/v1/transactions/TX-READD").status == 200, "history kept")
            #expect(try await server.api.post("/api/v1/stations", ["id": "CS-READD", "password": "another-horse-battery"]).status == 409)
            await back.disconnect()
        }
    }

    /// A booted station with a transaction carrying a meter value and a security event.
    private func stationWithHistory(_ server: RunningServer, _ stationId: String) async throws -> ChargingStationSimulator {
        let station = try await server.bootedStation(stationId)
        let transactionId = "TX-" + stationId.dropFirst(3)
        let reply = try await station.sendRawAndAwaitReply(
            #"[2,"te-1","TransactionEvent",{"eventType":"Started","timestamp":"2025-01-01T00:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"\#(transactionId)"},"evse":{"id":1,"connectorId":1},"meterValue":[{"timestamp":"2025-01-01T00:00:00Z","sampledValue":[{"value":1200}]}]}]"#
        )
        #expect(JSONValue.frame(reply).first?.intValue == 3, "\(reply)")
        let event = try await station.sendRawAndAwaitReply(
            #"[2,"se-1","SecurityEventNotification",{"type":"StartupOfTheDevice","timestamp":"2025-01-01T00:00:00Z"}]"#)
        #expect(JSONValue.frame(event).first?.intValue == 3, "\(event)")
        return station
    }
}
