import BusbarEnergy
import BusbarSimulator
import BusbarStorage
import Foundation
import OCPP
import Testing
@testable import BusbarServer

/// Issue #11 §3: an operator's charging profile (`POST /api/v1/stations/{id}/charging-profiles`)
/// is checked against the site's limits, held in the plan as a constraint, kept across a
/// reconnect and a restart of the planner, and removed with `DELETE …/{profileId}` (K10).
@Suite("Energy manager: operators' charging profiles")
struct ManualChargingProfileTests {
    static func txProfile(id: Int, transactionId: String, limit: Double, stackLevel: Int = 1) -> JSONValue {
        [
            "id": .number(Double(id)), "stackLevel": .number(Double(stackLevel)), "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Absolute", "transactionId": .string(transactionId),
            "chargingSchedule": [
                [
                    "id": .number(Double(id)), "startSchedule": .string(OCPPDateTime.format(Date() - 60)), "chargingRateUnit": "A",
                    "chargingSchedulePeriod": [["startPeriod": 0, "limit": .number(limit)]],
                ]
            ],
        ]
    }

    static func txDefault(id: Int, limit: Double) -> JSONValue {
        [
            "id": .number(Double(id)), "stackLevel": 1, "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
            "chargingSchedule": [
                [
                    "id": .number(Double(id)), "startSchedule": .string(OCPPDateTime.format(Date() - 60)), "chargingRateUnit": "A",
                    "chargingSchedulePeriod": [["startPeriod": 0, "limit": .number(limit)]],
                ]
            ],
        ]
    }

    @Test("K01: an operator's profile Busbar cannot keep safe is refused before anything is sent — stack level 0, an id of Busbar's own range, a TxProfile without its transaction, a TxDefaultProfile the limit in force cannot carry")
    func unsafeOrMalformedProfilesAreRefused() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            try await EnergyManagerTests.settle(server)
            let station = stations[3]
            let path = "/api/v1/stations/\(station.stationId)/charging-profiles"
            let sent = await station.receivedCalls(of: .setChargingProfile).count

            let level0 = try await server.api.post(path, ["evseId": 0, "chargingProfile": Self.txDefault(id: 5, limit: 6).setting("stackLevel", 0)])
            #expect(level0.status == 422 && level0.body["field"] == "chargingProfile.stackLevel")
            let ours = try await server.api.post(path, ["evseId": 0, "chargingProfile": Self.txDefault(id: 9_000_001, limit: 6)])
            #expect(ours.status == 422 && ours.body["field"] == "chargingProfile.id")
            let orphan = try await server.api.post(path, ["evseId": 1, "chargingProfile": Self.txProfile(id: 6, transactionId: "nope", limit: 10)])
            #expect(orphan.status == 409)
            let junk = try await server.api.post(path, ["evseId": 1, "chargingProfile": ["id": "x"]])
            #expect(junk.status == 422)

            // A utility cuts the grid to 50 A per phase: two idle EVSEs allowed 32 A each by hand cannot be carried.
            let end = Date() + 3600
            #expect(try await server.api.post("/api/v1/sites/office/limits", ["importLimitA": [50, 50, 50], "end": .string(OCPPDateTime.format(end))]).status == 201)
            try await EnergyManagerTests.settle(server)
            let sentBefore = await station.receivedCalls(of: .setChargingProfile).count
            let unsafe = try await server.api.post(path, ["evseId": 0, "chargingProfile": Self.txDefault(id: 7, limit: 32)])
            #expect(unsafe.status == 409 && unsafe.body["error"] == "exceeds_site_limits", "\(unsafe.body)")
            #expect(await station.receivedCalls(of: .setChargingProfile).count == sentBefore, "nothing was sent for it")
            #expect(sentBefore >= sent)
            #expect(try await server.server.store.manualChargingProfiles().isEmpty)
        }
    }

    @Test("K01/K10: an operator's TxProfile is sent after the plan made room, counted at its limit, replaces Busbar's on that EVSE, stays after a reconnect, and DELETE clears it and gives the EV back to the plan")
    func operatorTxProfileIsHeldInThePlan() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            let station = stations[3]  // OFF-04, 32 A EVSEs.
            let handle = try await station.startTransaction(evseId: 1, idToken: "TAG-1")
            _ = try await stations[0].startTransaction(evseId: 1, idToken: "TAG-1")
            #expect(try await eventually { await station.chargingProfiles.entries.contains { $0.profile.chargingProfilePurpose == .txProfile } })
            try await EnergyManagerTests.settle(server)
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))

            let path = "/api/v1/stations/\(station.stationId)/charging-profiles"
            let reply = try await server.api.post(path, ["evseId": 1, "chargingProfile": Self.txProfile(id: 42, transactionId: handle.transactionId, limit: 20)])
            #expect(reply.status == 201, "\(reply.body)")
            #expect(reply.body["status"] == "Accepted")
            let installed = await station.chargingProfiles.entries.filter { $0.profile.chargingProfilePurpose == .txProfile }
            #expect(installed.map(\.profile.id) == [42], "Busbar's own TxProfile under it was cleared")
            #expect(await station.currentLimitA(evseId: 1) == 20)
            #expect(try await server.server.store.manualChargingProfiles().map(\.profileId) == [42])
            try await EnergyManagerTests.settle(server)
            let plan = try #require(await planner.lastPlan)
            #expect(!plan.plan.allocations.contains { $0.station == station.stationId && $0.evse == 1 }, "not Busbar's to plan")
            #expect(await ProfileReconciliationTests.worstInstalled(stations) <= 1 + 1e-9)
            let listed = try #require(try await server.api.get(path).body.arrayValue)
            #expect(listed.contains { $0["source"] == "operator" && $0["chargingProfile"]?["id"] == 42 })

            // A reconnect does not clear it as a profile Busbar never sent.
            await station.dropConnection()
            #expect(try await eventually { server.server.connections.session(for: station.stationId) == nil })
            try await station.connect()
            try await EnergyManagerTests.settle(server)
            #expect(await station.chargingProfiles.entries.contains { $0.profile.id == 42 })
            #expect(await !station.receivedCalls(of: .clearChargingProfile).contains { (try? $0.decode(ClearChargingProfileRequest.self).chargingProfileId) == 42 })

            let removed = try await server.api.delete("\(path)/42")
            #expect(removed.status == 200 && removed.body["status"] == "Accepted")
            #expect(await !station.chargingProfiles.entries.contains { $0.profile.id == 42 })
            #expect(try await server.server.store.manualChargingProfiles().isEmpty)
            #expect(try await eventually { await station.chargingProfiles.entries.contains { $0.profile.chargingProfilePurpose == .txProfile } }, "Busbar plans the EV again")
            try await EnergyManagerTests.settle(server)
            #expect(await ProfileReconciliationTests.worstInstalled(stations) <= 1 + 1e-9)
            #expect(try await server.api.delete("\(path)/42").status == 404)
        }
    }
}

extension JSONValue {
    /// The same object with one member replaced (tests).
    func setting(_ name: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields[name] = value
        return .object(fields)
    }
}

/// Issue #11 §4: what Busbar plans after a restart — the ongoing transactions and operators'
/// profiles are read back from the store, not forgotten until the next event.
@Suite("Energy manager: a restart keeps what it plans around")
struct EnergyRestartTests {
    @Test("E01/K01: after a restart the planner knows the ongoing transactions and the operators' profiles from the store")
    func restartKeepsTransactionsAndOperatorProfiles() async throws {
        let folder = try SiteAPITests.copyOfExampleSites(["office"])
        let data = try makeTemporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: data)
        }
        let transactionId = try await withRunningServer(dataDirectory: data, configure: { $0.sitesDirectory = folder }) { server in
            try await server.addToken("TAG-1")
            let stations = try await EnergyManagerTests.officeStations(server)
            let handle = try await stations[3].startTransaction(evseId: 1, idToken: "TAG-1")
            try await EnergyManagerTests.settle(server)
            let reply = try await server.api.post(
                "/api/v1/stations/\(stations[3].stationId)/charging-profiles",
                ["evseId": 0, "chargingProfile": ManualChargingProfileTests.txDefault(id: 8, limit: 6)])
            #expect(reply.status == 201, "\(reply.body)")
            for station in stations { await station.disconnect() }
            return handle.transactionId
        }
        try await withRunningServer(dataDirectory: data, configure: { $0.sitesDirectory = folder }) { server in
            #expect(try await eventually { await server.server.energy.planner(ofSite: "office") != nil })
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            #expect(try await eventually { await planner.transactions["OFF-04/1"]?.transactionId == transactionId })
            #expect(try await eventually { await planner.manualProfiles["OFF-04"]?[8] != nil })
        }
    }

    @Test("E01: a transaction whose events were missed is brought in line with the store at the next resync — added when ongoing, dropped when it ended")
    func resyncFollowsTheStore() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            let handle = try await stations[0].startTransaction(evseId: 1, idToken: "TAG-1")
            #expect(try await eventually { await planner.transactions["OFF-01/1"] != nil })
            // The store no longer lists it (its Ended event was dropped): the next resync drops it.
            await planner.resync(ongoing: [], readAt: Date() + 1)
            #expect(await planner.transactions["OFF-01/1"] == nil)
            // Listed again as ongoing: brought back, and dropped by a later resync that does not list it.
            let ongoing = SitePlanner.ActiveTransaction(transactionId: handle.transactionId, station: "OFF-01", evse: 1)
            await planner.resync(ongoing: [ongoing], readAt: Date())
            #expect(await planner.transactions["OFF-01/1"]?.transactionId == handle.transactionId)
            await planner.resync(ongoing: [], readAt: Date() + 1)
            #expect(await planner.transactions["OFF-01/1"] == nil)
        }
    }

    @Test("K01/§3: after a restart a station that stays offline is counted at the profiles it accepted before — its EV at its TxProfile, its idle EVSE at its TxDefaultProfile")
    func restartCountsOfflineStationsAtWhatTheyHold() async throws {
        let folder = try SiteAPITests.copyOfExampleSites(["office"])
        let data = try makeTemporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: data)
        }
        let before = try await withRunningServer(dataDirectory: data, configure: { $0.sitesDirectory = folder }) { server in
            try await server.addToken("TAG-1")
            let stations = try await EnergyManagerTests.officeStations(server)
            _ = try await stations[3].startTransaction(evseId: 1, idToken: "TAG-1")
            #expect(try await eventually { await stations[3].chargingProfiles.entries.contains { $0.profile.chargingProfilePurpose == .txProfile } })
            try await EnergyManagerTests.settle(server)
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            let held = (await planner.heldTxProfiles["OFF-04/1"], await planner.heldTxDefault["OFF-04"])
            for station in stations { await station.dropConnection() }
            return held
        }
        let tx = try #require(before.0)
        try await withRunningServer(dataDirectory: data, configure: { $0.sitesDirectory = folder }) { server in
            #expect(try await eventually { await server.server.energy.planner(ofSite: "office") != nil })
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            // As stored (dates to the millisecond): the same profile, the same limits.
            #expect(try await eventually { await planner.heldTxProfiles["OFF-04/1"]?.id == tx.id })
            let loaded = try #require(await planner.heldTxProfiles["OFF-04/1"])
            #expect(loaded.chargingSchedule[0].chargingSchedulePeriod == tx.chargingSchedule[0].chargingSchedulePeriod)
            #expect(loaded.transactionId == tx.transactionId)
            #expect(await planner.heldTxDefault["OFF-04"] == before.1)
            let (_, held) = await planner.unmovable(now: Date())
            let ev = try #require(held.first { $0.station == "OFF-04" && $0.evse == 1 })
            #expect(abs(ev.currentA - min(32, ProfileBuilder.worstLimit(of: loaded, from: Date(), hours: 24))) < 1e-9, "its EV at its TxProfile: \(ev.currentA) A")
            if let idle = before.1, idle > 0 {
                #expect(held.contains { $0.station == "OFF-04" && $0.evse == 2 && $0.currentA == idle })
            }
        }
    }
}
