import BusbarEnergy
import BusbarSimulator
import Foundation
import OCPP
import Testing
@testable import BusbarServer

/// Issue #11 §3: what Busbar counts is what the stations really hold. After a reconnect it reads
/// their profiles (K09 GetChargingProfiles → ReportChargingProfiles), clears the stale and the
/// foreign (K10 ClearChargingProfile), and shapes profiles to each station's SmartChargingCtrlr.
/// The simulated stations keep their profiles by the rules of K01, so these tests judge the
/// limits the stations themselves would enforce.
@Suite("Energy manager: reconciliation with what the stations hold")
struct ProfileReconciliationTests {
    /// The worst exact utilisation over the next 24 h (≤ 1 fits) when every EVSE draws what the
    /// profiles its station installed allow it (its transaction's, else the default).
    static func worstInstalled(_ stations: [ChargingStationSimulator], site: Site = EnergyManagerTests.office, from now: Date = Date())
        async -> Double
    {
        let topology = SiteTopology(site: site)
        let byId = Dictionary(uniqueKeysWithValues: stations.map { ($0.stationId, $0) })
        // What every EVSE may draw at each quarter hour, read station by station; read again until
        // two readings agree, so a change in flight (a lowering accepted, its raise not yet) is not
        // judged from a mix of before and after.
        func snapshot() async -> [[Double]] {
            var limits: [[Double]] = []
            for step in 0..<(24 * 4) {
                let at = now + Double(step) * 900 + 1
                var row: [Double] = []
                for evse in topology.evses {
                    row.append(min(await byId[evse.station]?.currentLimitA(evseId: evse.evse, at: at) ?? evse.spec.maxA, evse.spec.maxA))
                }
                limits.append(row)
            }
            return limits
        }
        var limits = await snapshot()
        for _ in 0..<20 {
            let again = await snapshot()
            if again == limits { break }
            limits = again
            try? await Task.sleep(for: .milliseconds(50))
        }
        var worst = 0.0
        for step in 0..<(24 * 4) {
            let at = now + Double(step) * 900 + 1
            var draws: [ExactCheck.Draw] = []
            for (index, evse) in topology.evses.enumerated() {
                draws.append(
                    ExactCheck.Draw(
                        coefficients: topology.coefficients(evse: index, wiring: evse.wiring),
                        kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: evse.wiring), current: limits[step][index]))
            }
            worst = max(worst, ExactCheck.utilisation(draws, conditions: topology.conditions(from: at, to: at + 900, envelopes: [])))
        }
        return worst
    }

    @Test("K09/K10: after a reconnect Busbar reads what a station holds and clears a TxDefaultProfile it did not send, which would let idle EVSEs draw 32 A")
    func foreignProfileIsClearedOnReconnect() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            try await EnergyManagerTests.settle(server)
            #expect(await Self.worstInstalled(stations) <= 1 + 1e-9)
            let station = stations[0]
            // Someone sets a higher-stacked default through the raw request route.
            let foreign: JSONValue = [
                "evseId": 0,
                "chargingProfile": [
                    "id": 77, "stackLevel": 1, "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
                    "chargingSchedule": [
                        [
                            "id": 77, "startSchedule": .string(OCPPDateTime.format(Date() - 60)), "chargingRateUnit": "A",
                            "chargingSchedulePeriod": [["startPeriod": 0, "limit": 32]],
                        ]
                    ],
                ],
            ]
            let reply = try await server.api.post("/api/v1/stations/\(station.stationId)/requests/SetChargingProfile", foreign)
            #expect(reply.body["status"] == "Accepted")
            #expect(await station.currentLimitA(evseId: 1) == 32, "the station now lets an EV start at 32 A")
            #expect(await Self.worstInstalled(stations) > 1, "which the site cannot carry if all idle EVSEs start")

            await station.disconnect()
            #expect(try await eventually { server.server.connections.session(for: station.stationId) == nil })
            let asked = await station.receivedCalls(of: .getChargingProfiles).count
            try await station.connect()
            #expect(try await eventually { await station.receivedCalls(of: .clearChargingProfile).count == 1 }, "the foreign profile is cleared")
            try await EnergyManagerTests.settle(server)
            #expect(await station.receivedCalls(of: .getChargingProfiles).count == asked + 1)
            let clear = try #require(await station.receivedCalls(of: .clearChargingProfile).first).decode(ClearChargingProfileRequest.self)
            #expect(clear.chargingProfileId == 77)
            #expect(
                await station.chargingProfiles.entries.map(\.profile.id).sorted() == [ProfileBuilder.txDefaultProfileId, StationMaxProfile.profileId])
            #expect(await Self.worstInstalled(stations) <= 1 + 1e-9)
        }
    }

    @Test("K09: a station that lost its profiles while away (NoProfiles) is counted at its maximum, then gets its TxDefaultProfile and TxProfile again")
    func lostProfilesAreSentAgain() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            let station = stations[1]
            let handle = try await station.startTransaction(evseId: 1, idToken: "TAG-1")
            #expect(try await eventually { await station.chargingProfiles.entries.contains { $0.profile.chargingProfilePurpose == .txProfile } })
            try await EnergyManagerTests.settle(server)
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            #expect(await planner.heldTxProfiles["\(station.stationId)/1"] != nil)

            await station.dropConnection()
            #expect(try await eventually { server.server.connections.session(for: station.stationId) == nil })
            await station.forgetChargingProfiles()
            let sent = await station.receivedCalls(of: .setChargingProfile).count
            try await station.connect()
            #expect(
                try await eventually {
                    await station.chargingProfiles.entries.map(\.profile.chargingProfilePurpose).sorted { $0.rawValue < $1.rawValue }
                        == [.chargingStationMaxProfile, .txDefaultProfile, .txProfile]
                }, "all three are sent again")
            #expect(await station.receivedCalls(of: .setChargingProfile).count >= sent + 2)
            #expect(await station.currentLimitA(evseId: 1).map { $0 <= 32 } == true)
            let tx = try #require(await station.chargingProfiles.entries.first { $0.profile.chargingProfilePurpose == .txProfile })
            #expect(tx.profile.transactionId == handle.transactionId)
            try await EnergyManagerTests.settle(server)
            #expect(await Self.worstInstalled(stations) <= 1 + 1e-9)
        }
    }

    @Test("K01: profiles fit the station's SmartChargingCtrlr — W where it takes no A, no more periods than PeriodsPerSchedule")
    func profilesFollowTheStationsDeviceModel() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            // The station is swapped for one of another make: W only, two periods per schedule, nothing installed.
            let station = stations[2]
            await station.dropConnection()
            #expect(try await eventually { server.server.connections.session(for: station.stationId) == nil })
            await station.setDeviceModelValue("W", component: "SmartChargingCtrlr", variable: "RateUnit")
            await station.setDeviceModelValue("2", component: "SmartChargingCtrlr", variable: "PeriodsPerSchedule")
            await station.forgetChargingProfiles()
            try await station.connect()
            try await EnergyManagerTests.settle(server)
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            #expect(await planner.smartCharging[station.stationId]?.unit == .w)
            _ = try await station.startTransaction(evseId: 1, idToken: "TAG-1")
            #expect(try await eventually { await station.chargingProfiles.entries.contains { $0.profile.chargingProfilePurpose == .txProfile } })
            try await EnergyManagerTests.settle(server)
            #expect(
                try await eventually {
                    let purposes = Set(await station.chargingProfiles.entries.map(\.profile.chargingProfilePurpose))
                    return purposes.isSuperset(of: [.chargingStationMaxProfile, .txProfile])
                }, "its ChargingStationMaxProfile and TxProfile were accepted")
            // Its TxDefaultProfile is held too: a default refused by the station it replaced (or
            // unanswered while it went offline) does not stand in the way once it reports what it holds.
            #expect(
                try await eventually {
                    await station.chargingProfiles.entries.contains { $0.profile.chargingProfilePurpose == .txDefaultProfile }
                }, "its TxDefaultProfile was accepted")
            #expect(await !planner.refusedDefault.contains(station.stationId))
            for entry in await station.chargingProfiles.entries {
                let schedule = try #require(entry.profile.chargingSchedule.first)
                #expect(schedule.chargingRateUnit == .w, "\(entry.profile.chargingProfilePurpose) in W")
                #expect(schedule.chargingSchedulePeriod.count <= 2)
            }
            #expect(await Self.worstInstalled(stations) <= 1 + 1e-9, "the W limits are no more than the planned A")
        }
    }

    @Test("K08: GET composite-schedule returns the station's own composite schedule, capped by the TxProfile Busbar sent; bad parameters answer 422 naming them")
    func compositeScheduleRoute() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            let station = stations[3]
            _ = try await station.startTransaction(evseId: 2, idToken: "TAG-1")
            #expect(try await eventually { await station.chargingProfiles.entries.contains { $0.profile.chargingProfilePurpose == .txProfile } })
            try await EnergyManagerTests.settle(server)
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            let held = try #require(await planner.heldTxProfiles["\(station.stationId)/2"])
            let planned = try #require(ProfileBuilder.limit(of: held, at: Date()))
            let reply = try await server.api.get("/api/v1/stations/\(station.stationId)/composite-schedule?evseId=2&duration=3600&rateUnit=A")
            #expect(reply.status == 200)
            #expect(reply.body["status"] == "Accepted")
            #expect(reply.body["schedule"]?["chargingSchedulePeriod"]?[0]?["limit"]?.doubleValue == planned)
            #expect(await station.receivedCalls(of: .getCompositeSchedule).count == 1)
            let bad = try await server.api.get("/api/v1/stations/\(station.stationId)/composite-schedule?duration=0")
            #expect(bad.status == 422)
            #expect(bad.body["field"] == "duration")
            let unit = try await server.api.get("/api/v1/stations/\(station.stationId)/composite-schedule?rateUnit=kW")
            #expect(unit.body["field"] == "rateUnit")
        }
    }

    @Test("§4: every plan is stored with its inputs; GET plans/{planId} explains a past decision (the EVs, the site, the limit signals, the idle limit)")
    func plansAreStoredWithTheirInputs() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            let handle = try await stations[0].startTransaction(evseId: 1, idToken: "TAG-1")
            try await EnergyManagerTests.settle(server)
            let current = try await server.api.get("/api/v1/sites/office/plan")
            let planId = try #require(current.body["planId"]?.intValue)
            let list = try await server.api.get("/api/v1/sites/office/plans?limit=5")
            #expect(list.status == 200)
            #expect(list.body[0]?["planId"]?.intValue == planId, "the newest stored plan is the one in force")
            let stored = try await server.api.get("/api/v1/sites/office/plans/\(planId)")
            #expect(stored.status == 200)
            #expect(stored.body["inputs"]?["site"]?["id"] == "office")
            #expect(stored.body["inputs"]?["evs"]?.arrayValue?.compactMap { $0["transactionId"]?.stringValue } == [handle.transactionId])
            #expect(stored.body["inputs"]?["idleLimitA"]?.doubleValue == 6, "idle EVSEs of the office may start at the 6 A minimum")
            #expect(stored.body["plan"]?["allocations"] == current.body["allocations"])
            #expect(stored.body["plan"]?["planId"]?.intValue == planId)
            let older = try await server.api.get("/api/v1/sites/office/plans?before=\(planId)&limit=1")
            #expect(older.body[0]?["planId"]?.intValue.map { $0 < planId } == true)
            #expect(try await server.api.get("/api/v1/sites/office/plans/999999").status == 404)
            #expect(try await server.api.get("/api/v1/sites/office/plans/abc").body["field"] == "planId")
            #expect(try await server.api.get("/api/v1/sites/nowhere/plans").status == 404)
        }
    }

    @Test("§6: Prometheus shows plans and their duration per site, headroom per node and phase, and what became of the profiles sent")
    func energyMetrics() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            await stations[4].setRequestHandler(for: SetChargingProfileRequest.self) { _ in SetChargingProfileResponse(status: .rejected) }
            _ = try await stations[0].startTransaction(evseId: 1, idToken: "TAG-1")
            _ = try await stations[4].startTransaction(evseId: 1, idToken: "TAG-1")
            try await EnergyManagerTests.settle(server)
            func value(_ prefix: String) async throws -> Double? {
                let text = try await server.api.get("/metrics").text
                return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { $0.split(separator: " ").last }
                    .flatMap { Double($0) }
            }
            #expect((try await value("busbar_energy_plans_total{site=\"office\"}") ?? 0) >= 1)
            let text = try await server.api.get("/metrics").text
            #expect(text.contains("busbar_energy_plan_duration_seconds_bucket{site=\"office\""))
            #expect(text.contains("busbar_energy_headroom_amperes{site=\"office\",node=\"grid-connection\",phase=\"L1\"}"))
            let accepted = "busbar_energy_profiles_sent_total{site=\"office\",purpose=\"TxProfile\",outcome=\"accepted\"}"
            let rejected = "busbar_energy_profiles_sent_total{site=\"office\",purpose=\"TxProfile\",outcome=\"rejected\"}"
            #expect(try await eventually { (try await value(accepted) ?? 0) >= 1 }, "OFF-01's TxProfile was accepted")
            #expect((try await value(rejected) ?? 0) >= 1, "OFF-05 rejected its TxProfile")
        }
    }

    @Test("§3: an EV drawing clearly less than allotted is planned at what it draws plus 1 A and the rest goes to the others; when it takes all of that again it gets its share back")
    func unusedAllotmentGoesToOthers() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            await planner.setRampSeconds(0)
            for station in stations {
                for evse in 1...2 { _ = try await station.startTransaction(evseId: evse, idToken: "TAG-1") }
            }
            #expect(try await eventually { await planner.heldTxProfiles.count == 10 })
            try await EnergyManagerTests.settle(server)
            func limit(_ slot: String) async -> Double { await planner.heldTxProfiles[slot].flatMap { ProfileBuilder.limit(of: $0, at: Date()) } ?? 0 }
            var limits: [String: Double] = [:]
            for slot in await planner.heldTxProfiles.keys { limits[slot] = await limit(slot) }
            // The EV planned the most now starts to draw only 8 A.
            let low = try #require(limits.max { $0.value < $1.value }?.key)
            let share = limits[low]!
            let othersBefore = limits.filter { $0.key != low }.values.reduce(0, +)
            #expect(share > 10, "it was planned \(share) A")
            let parts = low.split(separator: "/")
            let station = try #require(stations.first { $0.stationId == parts[0] })
            let evse = try #require(Int(parts[1]))
            let own = try #require(await station.activeTransactions.first { $0.evseId == evse })

            await station.setEVDemand(evseId: evse, amps: 8)
            _ = try await station.sendMeterValues(transaction: own)
            #expect(try await eventually { await planner.observations[low]?.capA == 9 }, "planned at 8 A + 1 A")
            try await EnergyManagerTests.settle(server)
            #expect(await limit(low) <= 9)
            var othersAfter = 0.0
            for slot in limits.keys where slot != low { othersAfter += await limit(slot) }
            #expect(othersAfter > othersBefore, "the others get what it leaves: \(othersBefore) A → \(othersAfter) A")
            #expect(await Self.worstInstalled(stations) <= 1 + 1e-9)

            await station.setEVDemand(evseId: evse, amps: nil)
            _ = try await station.sendMeterValues(transaction: own)
            #expect(try await eventually { await planner.observations[low]?.capA == nil }, "it takes its whole 9 A: the cap goes")
            try await EnergyManagerTests.settle(server)
            let back = await planner.lastPlan?.plan.allocations.first { "\($0.station)/\($0.evse)" == low }?.currentA.max() ?? 0
            #expect(back > 9, "it may be planned above its cap again: \(back) A")
            #expect(await Self.worstInstalled(stations) <= 1 + 1e-9)
        }
    }

    @Test("K15: an EV's charging needs (energy, departure, its maximum current) enter the plan: it is planned at most its 16 A and about its 2 kWh")
    func chargingNeedsEnterThePlan() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            let handle = try await stations[0].startTransaction(evseId: 1, idToken: "TAG-1")
            try await EnergyManagerTests.settle(server)
            let departure = Date() + 3 * 3600
            let needs: JSONValue = [
                "evseId": 1,
                "chargingNeeds": [
                    "requestedEnergyTransfer": "AC_three_phase", "departureTime": .string(OCPPDateTime.format(departure)),
                    "acChargingParameters": ["energyAmount": 2000, "evMinCurrent": 6, "evMaxCurrent": 16, "evMaxVoltage": 400],
                ],
            ]
            let answer = try await stations[0].call(action: "NotifyEVChargingNeeds", payload: needs)
            #expect(answer["status"] == "Accepted")
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            #expect(try await eventually { await planner.observations["OFF-01/1"]?.requestedWh == 2000 })
            try await EnergyManagerTests.settle(server)
            let made = try #require(await planner.lastPlan)
            let allocation = try #require(made.plan.allocations.first { $0.need == handle.transactionId })
            #expect(allocation.currentA.max() ?? 99 <= 16 + 1e-9)
            let kWh = zip(allocation.currentA, made.plan.slots).map { current, slot in current * 3 * 0.23 * slot.end.timeIntervalSince(slot.start) / 3600 }
                .reduce(0, +)
            #expect(kWh <= 2.0 + 1e-6, "planned \(kWh) kWh for the 2 kWh it asked")
            #expect(kWh > 1.5)
            let stored = try await server.api.get("/api/v1/sites/office/plans/\(made.id)")
            #expect(stored.body["inputs"]?["evs"]?[0]?["remainingKWh"]?.doubleValue == 2)
            #expect(stored.body["inputs"]?["evs"]?[0]?["maxCurrentA"]?.doubleValue == 16)
        }
    }

    @Test("§6: GET load shows per slot, node and phase the load the meter values imply against the limit; stations that ignore their profiles show up as violations")
    func measuredLoadAndViolations() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            // These stations say Accepted but keep no limit: their EVs draw all their EVSE allows.
            try await EnergyManagerTests.settle(server)
            for station in stations {
                await station.setRequestHandler(for: SetChargingProfileRequest.self) { _ in SetChargingProfileResponse(status: .accepted) }
                await station.forgetChargingProfiles()
            }
            var handles: [(ChargingStationSimulator, TransactionHandle)] = []
            for station in stations.prefix(2) { handles.append((station, try await station.startTransaction(evseId: 1, idToken: "TAG-1"))) }
            try await EnergyManagerTests.settle(server)
            for (station, handle) in handles { _ = try await station.sendMeterValues(transaction: handle) }
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            #expect(try await eventually { await planner.observations.values.compactMap(\.measuredA).count == 2 })
            // Readings close together are worked out once a second.
            func boardL1() async throws -> JSONValue? {
                let reply = try await server.api.get("/api/v1/sites/office/load")
                return reply.body["slots"]?.arrayValue?.last?["nodes"]?.arrayValue?.first { $0["node"] == "ev-board" && $0["phase"] == "L1" }
            }
            #expect(try await eventually { try await boardL1()?["peak"]?.doubleValue == 64 }, "two three-phase EVs drawing 32 A each (what the simulated EVSEs deliver) on the board's L1")
            let board = try #require(try await boardL1())
            #expect(board["limit"]?.doubleValue == 100)
            #expect(board["exceeded"] == false)

            for station in stations.dropFirst(2) {
                for evse in 1...2 { handles.append((station, try await station.startTransaction(evseId: evse, idToken: "TAG-1"))) }
            }
            for (station, handle) in handles { _ = try await station.sendMeterValues(transaction: handle) }
            #expect(try await eventually { await planner.observations.values.compactMap(\.measuredA).count == 8 })
            #expect(try await eventually { try await boardL1()?["exceeded"] == true })
            let overloaded = try #require(try await boardL1())
            #expect(overloaded["exceeded"] == true, "eight EVs at full current: \(overloaded["peak"]?.doubleValue ?? 0) A on a 100 A board")
            let metrics = try await server.api.get("/metrics").text
            #expect(metrics.contains("busbar_energy_limit_violations_total{site=\"office\",node=\"ev-board\",phase=\"L1\"}"))
            #expect(try await server.api.get("/api/v1/sites/office/load?from=yesterday").body["field"] == "from")
        }
    }

    @Test("K08: after a reconnect Busbar checks the station's composite schedule; an EVSE it lets draw more than Busbar counts is counted at that until the next slot")
    func compositeScheduleIsVerified() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            for station in stations {
                for evse in 1...2 { _ = try await station.startTransaction(evseId: evse, idToken: "TAG-1") }
            }
            let planner = try #require(await server.server.energy.planner(ofSite: "office"))
            #expect(try await eventually { await planner.heldTxProfiles.count == 10 })
            try await EnergyManagerTests.settle(server)
            // One of the 32 A EVSEs (OFF-04, OFF-05) that the plan gives less than 32 A.
            var chosen: (ChargingStationSimulator, Int)?
            for station in stations.suffix(2) {
                for evse in 1...2 {
                    let limit = await planner.heldTxProfiles["\(station.stationId)/\(evse)"].flatMap { ProfileBuilder.limit(of: $0, at: Date()) } ?? 32
                    if limit < 31, chosen == nil { chosen = (station, evse) }
                }
            }
            let (station, evse) = try #require(chosen)
            // A station whose composite schedule says 32 A whatever it was told (a local limit Busbar does not know).
            await station.setRequestHandler(for: GetCompositeScheduleRequest.self) { request in
                GetCompositeScheduleResponse(
                    status: .accepted,
                    schedule: CompositeScheduleType(
                        chargingSchedulePeriod: [ChargingSchedulePeriodType(startPeriod: 0, limit: 32)], evseId: request.evseId,
                        duration: request.duration, scheduleStart: Date(), chargingRateUnit: .a))
            }
            await station.dropConnection()
            #expect(try await eventually { server.server.connections.session(for: station.stationId) == nil })
            try await station.connect()
            #expect(try await eventually { await planner.compositeMaximum["\(station.stationId)/\(evse)"] == 32 })
            try await EnergyManagerTests.settle(server)
            #expect(await planner.refused.contains("\(station.stationId)/\(evse)"))
            let made = try #require(await planner.lastPlan)
            #expect(!made.plan.allocations.contains { $0.station == station.stationId && $0.evse == evse }, "not planned, counted as load")
            let stored = try await server.api.get("/api/v1/sites/office/plans/\(made.id)")
            let held = stored.body["inputs"]?["held"]?.arrayValue?.first {
                $0["stationId"]?.stringValue == station.stationId && $0["evseId"]?.intValue == evse
            }
            #expect(held?["currentA"]?.doubleValue == 32, "at the composite's 32 A")
        }
    }
}
