import BusbarEnergy
import BusbarSimulator
import Foundation
import OCPP
import Testing
@testable import BusbarServer

/// Issue #11 §1: a node's base load comes from the site file's daily profile or from readings
/// pushed to the API (`POST /api/v1/sites/{id}/base-load`); a reading replaces the profile while
/// it is valid and the plan makes room for it.
@Suite("Energy manager: base-load readings")
struct BaseLoadReadingTests {
    @Test("a reading replaces the node's daily profile in its window, adds a base load to a node with none, and ends on time")
    func readingReplacesTheProfile() throws {
        let topology = SiteTopology(site: EnergyManagerTests.office)
        // 13:00 in Amsterdam: the office profile says 28 kW.
        let noon = try #require(ISO8601DateFormatter().date(from: "2026-12-02T12:00:00Z"))
        let grid = try #require(topology.checkpoints.firstIndex { $0.name == "grid-connection" })
        let board = try #require(topology.checkpoints.firstIndex { $0.name == "ev-board" })
        #expect(topology.conditions(from: noon, to: noon + 900).baseKW[grid] == 28)
        let readings = [
            LimitEnvelope(id: "r1", node: "grid-connection", start: noon - 60, end: noon + 840, source: "meter", baseLoadKW: 9),
            LimitEnvelope(id: "r2", node: "ev-board", start: noon - 60, end: noon + 840, source: "meter", baseLoadKW: 3),
        ]
        let now = topology.conditions(from: noon, to: noon + 300, envelopes: readings)
        #expect(now.baseKW[grid] == 12, "9 kW read at the connection, plus the board's 3 kW below it")
        #expect(now.baseKW[board] == 3)
        #expect(abs(now.base[board][0].magnitude - 3000 / 690) < 1e-9, "balanced: 3 kW over three 230 V phases")
        let later = topology.conditions(from: noon + 900, to: noon + 1800, envelopes: readings)
        #expect(later.baseKW[grid] == 28, "after the reading's window the profile applies again")
    }

    @Test("POST base-load: the plan makes room for what the meter reads, GET lists the reading, bad fields answer 422 naming them")
    func planMakesRoomForAReading() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            for station in stations.prefix(4) { _ = try await station.startTransaction(evseId: 1, idToken: "TAG-1") }
            try await EnergyManagerTests.settle(server)
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            func gridKW() async -> (value: Double, limit: Double?) {
                let load = await planner.lastPlan?.plan.loads.first { $0.name == "grid-connection" && $0.phase == nil }
                return (load?.value ?? 0, load?.limit)
            }
            let before = await gridKW()
            let reply = try await server.api.post("/api/v1/sites/office/base-load", ["kW": 70])
            #expect(reply.status == 201, "\(reply.body)")
            #expect(reply.body["node"] == "grid-connection" && reply.body["kW"] == 70)
            try await EnergyManagerTests.settle(server)
            let after = await gridKW()
            #expect(after.value <= (after.limit ?? 80) + 1e-6, "the connection stays within its 80 kW: \(after)")
            #expect(after.value >= 70, "the reading is counted: \(after.value) kW")
            let evs = await planner.lastPlan?.plan.allocations.map { $0.currentA.first ?? 0 }.reduce(0, +) ?? 0
            #expect(evs * 3 * 230 / 1000 <= 10 + 1e-6, "the EVs share the 10 kW left: \(evs) A")
            #expect(before.value != after.value)
            let listed = try #require(try await server.api.get("/api/v1/sites/office/base-load").body.arrayValue)
            #expect(listed.count == 1 && listed[0]["kW"] == 70)

            for (body, field) in [
                (["kW": -1] as JSONValue, "kW"), (["node": "nowhere", "kW": 1], "node"), (["at": "2026-01-01T00:00:00Z", "kW": 1], "at"),
                (["validSeconds": 5, "kW": 1], "validSeconds"), ([:], "kW"),
            ] {
                let bad = try await server.api.post("/api/v1/sites/office/base-load", body)
                #expect(bad.status == 422 && bad.body["field"] == .string(field), "\(body) → \(bad.status) \(bad.body)")
            }
            #expect(try await server.api.post("/api/v1/sites/nowhere/base-load", ["kW": 1]).status == 404)
        }
    }
}
