import BusbarEnergy
import BusbarSimulator
import BusbarStorage
import Foundation
import OCPP
import Testing
@testable import BusbarServer

/// Issue #11 end to end: simulated stations of the office site over real WebSockets, real
/// GLPK. In every test the stations together, under the profiles they actually received and
/// accepted (TxProfile per transaction, TxDefaultProfile for idle EVSEs), stay within every
/// node's exact per-phase limit at every slot of the next 24 hours (K01, K15 SC-4).
@Suite("Energy manager: plans become accepted charging profiles that keep the site within its limits")
struct EnergyManagerTests {
    static let office = try! SiteLoader.load(path: SiteAPITests.repositorySites + "/office.yaml")

    /// What each station holds, from the SetChargingProfile calls it received (all accepted by
    /// the simulator): the last TxProfile per EVSE and the last TxDefaultProfile (EVSE 0).
    struct Held {
        var tx: [String: ChargingProfileType] = [:]
        var txDefault: [String: ChargingProfileType] = [:]
    }

    static func held(_ stations: [ChargingStationSimulator], acceptedUpTo: [String: Int] = [:]) async throws -> Held {
        var held = Held()
        for station in stations {
            for call in await station.receivedCalls(of: .setChargingProfile).prefix(acceptedUpTo[station.stationId] ?? .max) {
                let request = try call.decode(SetChargingProfileRequest.self)
                switch request.chargingProfile.chargingProfilePurpose {
                case .txProfile: held.tx["\(station.stationId)/\(request.evseId)"] = request.chargingProfile
                case .txDefaultProfile: held.txDefault[station.stationId] = request.chargingProfile
                default: break
                }
            }
        }
        return held
    }

    /// The worst exact utilisation over the next 24 h (≤ 1 fits): every EVSE with a transaction
    /// at its TxProfile's limit (TxDefault after it ends), every idle EVSE at its station's
    /// TxDefault limit, all at once, against the limits in force then.
    static func worstUtilisation(
        _ held: Held, busy: Set<String>, site: Site = office, envelopes: [LimitEnvelope] = [], from now: Date = Date()
    ) -> Double {
        let topology = SiteTopology(site: site)
        var worst = 0.0
        for step in 0..<(24 * 4) {
            let at = now + Double(step) * 900
            var draws: [ExactCheck.Draw] = []
            for (index, evse) in topology.evses.enumerated() {
                let key = "\(evse.station)/\(evse.evse)"
                let fallback = held.txDefault[evse.station].flatMap { ProfileBuilder.limit(of: $0, at: at) }
                let limit: Double
                if busy.contains(key) {
                    limit = held.tx[key].flatMap { ProfileBuilder.limit(of: $0, at: at) } ?? fallback ?? evse.spec.maxA
                } else {
                    limit = fallback ?? evse.spec.maxA
                }
                draws.append(
                    ExactCheck.Draw(
                        coefficients: topology.coefficients(evse: index, wiring: evse.wiring),
                        kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: evse.wiring), current: min(limit, evse.spec.maxA)))
            }
            let utilisation = ExactCheck.utilisation(draws, conditions: topology.conditions(from: at, to: at + 900, envelopes: envelopes))
            worst = max(worst, utilisation)
        }
        return worst
    }

    static func officeStations(_ server: RunningServer) async throws -> [ChargingStationSimulator] {
        var stations: [ChargingStationSimulator] = []
        for id in (1...5).map({ String(format: "OFF-%02d", $0) }) {
            let password = try await server.addStation(id)
            let station = ChargingStationSimulator(
                configuration: SimulatorConfiguration(
                    serverURL: server.ocppURL, stationId: id, password: password,
                    layout: EVSELayout(evses: [.init(id: 1, maxCurrentAmps: 32), .init(id: 2, maxCurrentAmps: 32)])))
            try await station.connect()
            _ = try await station.boot()
            stations.append(station)
        }
        return stations
    }

    static func withOffice<T: Sendable>(_ body: (RunningServer, [ChargingStationSimulator]) async throws -> T) async throws -> T {
        let folder = try SiteAPITests.copyOfExampleSites(["office"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await withRunningServer(configure: { $0.sitesDirectory = folder }) { server in
            try await server.addToken("TAG-1")
            let stations = try await officeStations(server)
            let result = try await body(server, stations)
            for station in stations { await station.disconnect() }
            return result
        }
    }

    static func settle(_ server: RunningServer) async throws {
        let planner = try #require(await server.server.energy.planner(ofSite: "office"))
        try await Task.sleep(for: .milliseconds(100))
        await planner.settled()
    }

    @Test("K01/K15: ten EVs starting at once get TxProfiles whose sum stays within the exact limits, idle EVSEs included, for 24 h")
    func tenEVsStartAtOnce() async throws {
        try await Self.withOffice { server, stations in
            try await Self.settle(server)
            let idle = try await Self.held(stations)
            #expect(idle.txDefault.count == 5, "every station got a TxDefaultProfile on boot")
            #expect(Self.worstUtilisation(idle, busy: []) <= 1 + 1e-9, "ten idle EVSEs starting at once fit")

            try await withThrowingTaskGroup(of: Void.self) { group in
                for station in stations {
                    for evse in 1...2 { group.addTask { _ = try await station.startTransaction(evseId: evse, idToken: "TAG-1") } }
                }
                try await group.waitForAll()
            }
            let busy = Set(stations.flatMap { station in (1...2).map { "\(station.stationId)/\($0)" } })
            #expect(try await eventually { try await Self.held(stations).tx.count == 10 }, "every transaction got a TxProfile")
            try await Self.settle(server)
            let held = try await Self.held(stations)
            let worst = Self.worstUtilisation(held, busy: busy)
            #expect(worst <= 1 + 1e-9, "the stations may together draw \(worst * 100) % of a limit")
            #expect(worst > 0.9, "and the site's capacity is used: \(worst * 100) %")
            let profiles = try await server.api.get("/api/v1/stations/OFF-01/charging-profiles")
            #expect(profiles.status == 200)
            #expect(profiles.body.arrayValue?.compactMap { $0["evseId"]?.intValue } == [0, 0, 1, 2])
            #expect(
                profiles.body.arrayValue?.compactMap { $0["chargingProfile"]?["chargingProfilePurpose"]?.stringValue }
                    == ["TxDefaultProfile", "ChargingStationMaxProfile", "TxProfile", "TxProfile"])
            let plan = try await server.api.get("/api/v1/sites/office/plan")
            #expect(plan.status == 200)
            #expect(plan.body["allocations"]?.arrayValue?.count == 10)
            #expect(plan.body["binding"]?.stringValue != nil)
            // §6: why each EV gets what it gets — ten EVs at once fill the board or the connection.
            let why = plan.body["allocations"]?.arrayValue?.compactMap { $0["why"]?.stringValue } ?? []
            #expect(why.count == 10, "every EV is explained: \(why)")
            #expect(why.contains { $0.contains("at its limit") || $0.contains("below the minimum") || $0.contains("later in the horizon") }, "\(why)")
        }
    }

    enum Unreachable: String, CaseIterable, Sendable { case rejectsProfiles, goesOffline }

    @Test(
        "a station that rejects its profiles or goes offline keeps what it holds counted: the others are lowered around it",
        arguments: Unreachable.allCases)
    func unreachableStationStaysCounted(_ kind: Unreachable) async throws {
        try await Self.withOffice { server, stations in
            for station in stations.prefix(3) {
                for evse in 1...2 { _ = try await station.startTransaction(evseId: evse, idToken: "TAG-1") }
            }
            let busy = Set(stations.prefix(3).flatMap { station in (1...2).map { "\(station.stationId)/\($0)" } })
            try await Self.settle(server)
            let stubborn = stations[0]
            let accepted = [stubborn.stationId: await stubborn.receivedCalls(of: .setChargingProfile).count]
            switch kind {
            case .rejectsProfiles:
                await stubborn.setRequestHandler(for: SetChargingProfileRequest.self) { _ in SetChargingProfileResponse(status: .rejected) }
            case .goesOffline:
                await stubborn.dropConnection()
                #expect(try await eventually { server.server.connections.session(for: stubborn.stationId) == nil })
                try await Self.settle(server)
            }
            let end = Date() + 3600
            let envelope = LimitEnvelope(id: "x", node: "grid-connection", start: Date(), end: end, importKW: 60, source: "test")
            let reply = try await server.api.post(
                "/api/v1/sites/office/limits", ["importLimitKW": 60, "end": .string(OCPPDateTime.format(end))])
            #expect(reply.status == 201)
            try await Self.settle(server)
            try await Self.settle(server)
            let held = try await Self.held(stations, acceptedUpTo: accepted)
            let worst = Self.worstUtilisation(held, busy: busy, envelopes: [envelope])
            #expect(worst <= 1 + 1e-9, "with \(stubborn.stationId) at what it holds the stations may draw \(worst * 100) % of a limit")
            if kind == .rejectsProfiles {
                #expect(await stubborn.receivedCalls(of: .setChargingProfile).count > accepted[stubborn.stationId]!, "it was asked")
            }
        }
    }

    /// Every station of a site as a simulator with the site's EVSEs, connected and booted.
    static func stations(of site: Site, _ server: RunningServer) async throws -> [ChargingStationSimulator] {
        var result: [ChargingStationSimulator] = []
        func walk(_ node: SiteNode) async throws {
            for spec in node.stations ?? [] {
                let password = try await server.addStation(spec.id)
                let station = ChargingStationSimulator(
                    configuration: SimulatorConfiguration(
                        serverURL: server.ocppURL, stationId: spec.id, password: password,
                        layout: EVSELayout(evses: spec.evses.map { .init(id: $0.id, maxCurrentAmps: $0.maxA, phases: $0.wiring == "3P" ? 3 : 1) })))
                try await station.connect()
                _ = try await station.boot()
                result.append(station)
            }
            for child in node.children ?? [] { try await walk(child) }
        }
        try await walk(site.grid)
        return result
    }

    @Test(
        "every example site (line-to-line EVSEs behind a Dyn11 transformer with limits on both sides, single-phase vans over the phases, time-of-day limits): all EVSEs charging at once stay within the exact limits for 24 h",
        arguments: ["garage", "depot", "retail", "demo-site"])
    func everyEVSEChargingOnAnExampleSite(_ name: String) async throws {
        let site = try SiteLoader.load(path: SiteAPITests.repositorySites + "/\(name).yaml")
        let folder = try SiteAPITests.copyOfExampleSites([name])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withRunningServer(configure: { $0.sitesDirectory = folder }) { server in
            try await server.addToken("TAG-1")
            let stations = try await Self.stations(of: site, server)
            let planner = try #require(await server.server.energy.planner(ofSite: site.id))
            try await Task.sleep(for: .milliseconds(100))
            await planner.settled()
            #expect(Self.worstUtilisation(try await Self.held(stations), busy: [], site: site) <= 1 + 1e-9, "idle EVSEs all starting")
            var busy: Set<String> = []
            for station in stations {
                for evse in await station.configuration.layout.evses.map(\.id) {
                    _ = try await station.startTransaction(evseId: evse, idToken: "TAG-1")
                    busy.insert("\(station.stationId)/\(evse)")
                }
            }
            #expect(try await eventually { try await Self.held(stations).tx.count == busy.count }, "every transaction got a TxProfile")
            try await Task.sleep(for: .milliseconds(100))
            await planner.settled()
            let worst = Self.worstUtilisation(try await Self.held(stations), busy: busy, site: site)
            #expect(worst <= 1 + 1e-9, "\(name): the stations may together draw \(worst * 100) % of a limit")
            for station in stations { await station.disconnect() }
        }
    }

    @Test("a utility signal lowering the grid limit reaches every affected station as accepted profiles within 2 s, and the old limit comes back when it is withdrawn")
    func utilitySignalWithinTwoSeconds() async throws {
        try await Self.withOffice { server, stations in
            for station in stations.prefix(3) {
                for evse in 1...2 { _ = try await station.startTransaction(evseId: evse, idToken: "TAG-1") }
            }
            let busy = Set(stations.prefix(3).flatMap { station in (1...2).map { "\(station.stationId)/\($0)" } })
            try await Self.settle(server)
            let before = try await Self.held(stations)
            #expect(Self.worstUtilisation(before, busy: busy) <= 1 + 1e-9)

            let end = Date() + 3600
            let envelope = LimitEnvelope(id: "x", node: "grid-connection", start: Date(), end: end, importKW: 40, source: "test")
            #expect(Self.worstUtilisation(before, busy: busy, envelopes: [envelope]) > 1, "the signal is tighter than what is held")
            let posted = ContinuousClock.now
            let reply = try await server.api.post(
                "/api/v1/sites/office/limits", ["importLimitKW": 40, "end": .string(OCPPDateTime.format(end))])
            #expect(reply.status == 201)
            var fitted = false
            while ContinuousClock.now - posted < .seconds(2) {
                if Self.worstUtilisation(try await Self.held(stations), busy: busy, envelopes: [envelope]) <= 1 + 1e-9 {
                    fitted = true
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(fitted, "within 2 s of the POST every station holds profiles that fit the signal")

            let id = try #require(reply.body["limitId"]?.stringValue)
            #expect(try await server.api.delete("/api/v1/sites/office/limits/\(id)").status == 200)
            try await Self.settle(server)
            let after = try await Self.held(stations)
            #expect(Self.worstUtilisation(after, busy: busy, envelopes: [envelope]) > 1, "the old, higher limit is back in use")
            #expect(Self.worstUtilisation(after, busy: busy) <= 1 + 1e-9)
        }
    }
}
