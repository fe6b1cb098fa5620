import BusbarEnergy
import BusbarSimulator
import Foundation
import OCPP
import Testing
@testable import BusbarServer

/// Issue #11 §1/§3: phase switching. Where the site file lets an EVSE switch phases and the
/// station says it can (SmartChargingCtrlr Phases3to1 and ACPhaseSwitchingSupported), an EV that
/// three-phase minimums would leave at 0 A charges on one phase instead.
@Suite("Energy manager: phase switching")
struct PhaseSwitchingTests {
    static let site = """
        id: tight
        timezone: UTC
        voltageLN: 230
        grid:
          name: grid-connection
          kind: connection
          limitA: [32, 32, 32]
          limitKW: 6
          stations:
            - { id: PS-01, evses: [{ id: 1, wiring: 3P, maxA: 16, phaseSwitching: true }] }
            - { id: PS-02, evses: [{ id: 1, wiring: 3P, maxA: 16, phaseSwitching: true }] }
        """

    @Test("K01 numberPhases/phaseToUse: on a 6 kW connection two EVs cannot both charge at the three-phase minimum (8.3 kW); one goes to one phase at 6 A or more and the two stay within 6 kW")
    func secondEVChargesOnOnePhase() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.site.write(toFile: folder + "/tight.yaml", atomically: true, encoding: .utf8)
        try await withRunningServer(configure: { $0.sitesDirectory = folder }) { server in
            try await server.addToken("TAG-1")
            let site = try SiteLoader.load(path: folder + "/tight.yaml")
            let stations = try await EnergyManagerTests.stations(of: site, server)
            for station in stations { _ = try await station.startTransaction(evseId: 1, idToken: "TAG-1") }
            #expect(try await eventually { await server.server.energy.planner(ofSite: "tight") != nil })
            let planner = try #require(await server.server.energy.planner(ofSite: "tight"))
            #expect(
                try await eventually {
                    await planner.heldTxProfiles.values.contains { $0.chargingSchedule[0].chargingSchedulePeriod[0].numberPhases == 1 }
                }, "one EV was switched to one phase")
            try await Task.sleep(for: .milliseconds(100))
            await planner.settled()
            var kW = 0.0
            var charging = 0
            for station in stations {
                let installed = try #require(await station.chargingProfiles.entries.first { $0.profile.chargingProfilePurpose == .txProfile })
                let period = installed.profile.chargingSchedule[0].chargingSchedulePeriod[0]
                let limit = try #require(await station.currentLimitA(evseId: 1))
                let phases = Double(period.numberPhases ?? 3)
                if period.numberPhases == 1 { #expect(period.phaseToUse == 1, "on the phase Busbar planned") }
                if limit >= 6 { charging += 1 }
                kW += limit * phases * 230 / 1000
            }
            #expect(charging == 2, "both EVs charge")
            #expect(kW <= 6 + 1e-6, "within the connection's 6 kW: \(kW)")
            for station in stations { await station.disconnect() }
        }
    }
}
