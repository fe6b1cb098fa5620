import BusbarEnergy
import BusbarSimulator
import Foundation
import OCPP
import Testing
@testable import BusbarServer

/// Issue #11 §3: every station holds a ChargingStationMaxProfile — what it alone may draw under
/// the exact limits of the nodes above it — recurring daily or weekly as the site's limits recur,
/// and an absolute one at stack level 1 while a limit signal binds it.
@Suite("Energy manager: ChargingStationMaxProfile")
struct StationMaxProfileTests {
    static let retail = try! SiteLoader.load(path: SiteAPITests.repositorySites + "/retail.yaml")
    static let garage = try! SiteLoader.load(path: SiteAPITests.repositorySites + "/garage.yaml")

    /// The station's EVSEs, each at min(current, its rating), as exact-check draws.
    static func draws(_ topology: SiteTopology, station: String, current: Double) -> [ExactCheck.Draw] {
        topology.evses.indices.filter { topology.evses[$0].station == station }.map { index in
            let evse = topology.evses[index]
            return ExactCheck.Draw(
                coefficients: topology.coefficients(evse: index, wiring: evse.wiring),
                kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: evse.wiring), current: min(current, evse.spec.maxA))
        }
    }

    /// At every quarter hour of `steps` from `from`, the station's two three-phase EVSEs sharing its
    /// cap (its line current is the sum of theirs) fit every exact limit.
    static func expectCapFits(_ cap: StationMaxProfile, topology: SiteTopology, station: String, from: Date, steps: Int) throws {
        for step in 0..<steps {
            let at = from + Double(step) * 900 + 1
            let limit = try #require(cap.amperes(at: at))
            let fits = ExactCheck.fits(
                draws(topology, station: station, current: limit / 2), conditions: topology.conditions(from: at, to: at + 1))
            #expect(fits, "at \(at) the cap \(limit) A lets \(station) exceed a limit")
        }
    }

    @Test("K01 ChargingStationMaxProfile: on a site with weekday peak windows the cap recurs weekly, is lower in the evening peak, and the station drawing it alone fits the exact limits at every quarter hour of the week")
    func weeklyCapFollowsThePeakWindows() throws {
        let topology = SiteTopology(site: Self.retail)
        // A Wednesday noon in Amsterdam.
        let now = try #require(ISO8601DateFormatter().date(from: "2026-12-02T11:00:00Z"))
        let cap = try #require(StationMaxProfile.make(topology: topology, station: "RET-01", now: now, maxPeriods: 200))
        #expect(cap.recurrency == .weekly)
        let profile = cap.profile(unit: .a)
        #expect(profile.chargingProfileKind == .recurring && profile.stackLevel == 0 && profile.id == StationMaxProfile.profileId)
        let afternoon = try #require(cap.amperes(at: now + 3600))  // 13:00 local
        let evening = try #require(cap.amperes(at: now + 7 * 3600))  // 19:00 local, the 45 A peak
        let night = try #require(cap.amperes(at: now + 15 * 3600))  // 03:00 local
        #expect(night == 64, "two 32 A EVSEs: at night the station's own rating binds")
        #expect(abs(afternoon - (80 - 18_000 / 690)) < 0.2, "80 A less the shop's 18 kW: \(afternoon)")
        #expect(evening < 20, "45 A less the shop's 18 kW leaves under 19 A per phase: \(evening)")
        try Self.expectCapFits(cap, topology: topology, station: "RET-01", from: cap.start, steps: 7 * 96)
    }

    @Test("K01 ChargingStationMaxProfile: when a week of limits needs more periods than PeriodsPerSchedule, the next two days are sent exactly as an absolute profile")
    func tooManyPeriodsForAWeekGiveTwoExactDays() throws {
        let topology = SiteTopology(site: Self.retail)
        let now = try #require(ISO8601DateFormatter().date(from: "2026-12-02T11:00:00Z"))
        let cap = try #require(StationMaxProfile.make(topology: topology, station: "RET-01", now: now, maxPeriods: 24))
        #expect(cap.recurrency == nil && cap.length == 2 * 86_400)
        #expect(cap.periods.count <= 24)
        #expect(cap.profile(unit: .a).chargingProfileKind == .absolute)
        #expect(cap.amperes(at: now + 7 * 3600).map { $0 < 20 } == true)
    }

    @Test("K01 ChargingStationMaxProfile: a daily recurring cap made the day before a DST change still never allows more than the limits in force at any moment of the next two days")
    func dailyCapIsSafeAcrossDST() throws {
        // The office's base load steps at local times; Amsterdam moves to summer time on 2027-03-28.
        let topology = SiteTopology(site: EnergyManagerTests.office)
        let now = try #require(ISO8601DateFormatter().date(from: "2027-03-27T12:00:00Z"))
        var tight = EnergyManagerTests.office
        tight.grid.limitA = [60, 60, 60]  // Tight enough that the base load's steps bind the cap.
        let tightTopology = SiteTopology(site: tight)
        for (site, topology) in [(EnergyManagerTests.office, topology), (tight, tightTopology)] {
            let cap = try #require(StationMaxProfile.make(topology: topology, station: "OFF-04", now: now))
            #expect(cap.recurrency == .daily, "\(site.id)")
            try Self.expectCapFits(cap, topology: topology, station: "OFF-04", from: now, steps: 2 * 96)
        }
    }

    @Test("K01 ChargingStationMaxProfile: behind a Dyn11 transformer with line-to-line EVSEs the cap is the largest current the station alone may take, judged on the exact phasors")
    func capIsTheLargestExactCurrent() throws {
        var site = Self.garage
        // Only the transformer's primary limit is tight enough to bind one station alone.
        site.grid.children?[0].transformer?.primaryLimitA = [20, 20, 20]
        let topology = SiteTopology(site: site)
        let indices = topology.evses.indices.filter { topology.evses[$0].station == "GAR-01" }
        let now = Date()
        let conditions = topology.conditions(from: now, to: now + 900)
        let cap = StationMaxProfile.cap(topology: topology, evses: indices, at: now)
        // Recover the EVSE current from the station's line current: L1-L2 and L2-L3 share L2, √3·c.
        let current = cap.amperes / 3.0.squareRoot()
        #expect(current < 32, "the primary limit binds: \(current) A")
        #expect(ExactCheck.fits(Self.draws(topology, station: "GAR-01", current: current - 1e-6), conditions: conditions))
        #expect(!ExactCheck.fits(Self.draws(topology, station: "GAR-01", current: current + 0.05), conditions: conditions))
    }

    @Test("K01 ChargingStationMaxProfile: every station of the office gets its cap at boot (its rating), listed by GET /charging-profiles, and a utility signal adds an absolute stack-level-1 cap that goes when the signal does")
    func stationsHoldTheirCapsAndSignalsLowerThem() async throws {
        try await EnergyManagerTests.withOffice { server, stations in
            try await EnergyManagerTests.settle(server)
            for station in stations {
                let caps = await station.chargingProfiles.entries.filter { $0.profile.chargingProfilePurpose == .chargingStationMaxProfile }
                #expect(caps.map(\.profile.id) == [StationMaxProfile.profileId], "\(station.stationId)")
                #expect(caps.first?.evseId == 0)
            }
            let big = stations[3]  // OFF-04: two 32 A EVSEs.
            let recurring = try #require(await big.chargingProfiles.entries.first { $0.profile.id == StationMaxProfile.profileId })
            #expect(recurring.profile.chargingProfileKind == .recurring && recurring.profile.recurrencyKind == .daily)
            #expect(recurring.profile.chargingSchedule[0].chargingSchedulePeriod.map(\.limit) == [64])
            let listed = try await server.api.get("/api/v1/stations/\(big.stationId)/charging-profiles")
            let items = try #require(listed.body.arrayValue)
            #expect(items.contains { $0["chargingProfile"]?["chargingProfilePurpose"] == "ChargingStationMaxProfile" })

            let end = Date() + 3600
            let reply = try await server.api.post("/api/v1/sites/office/limits", ["importLimitA": [50, 50, 50], "end": .string(OCPPDateTime.format(end))])
            #expect(reply.status == 201)
            #expect(try await eventually { await big.chargingProfiles.entries.contains { $0.profile.id == StationMaxProfile.signalProfileId } })
            let signal = try #require(await big.chargingProfiles.entries.first { $0.profile.id == StationMaxProfile.signalProfileId })
            #expect(signal.profile.stackLevel == 1 && signal.profile.chargingProfileKind == .absolute)
            #expect(try #require(await big.currentLimitA(evseId: 1)) < 50, "the station alone is capped below the signal")
            #expect(await ProfileReconciliationTests.worstInstalled(stations) <= 1 + 1e-9)

            let id = try #require(reply.body["limitId"]?.stringValue)
            #expect(try await server.api.delete("/api/v1/sites/office/limits/\(id)").status == 200)
            #expect(try await eventually { await !big.chargingProfiles.entries.contains { $0.profile.id == StationMaxProfile.signalProfileId } })
        }
    }
}
