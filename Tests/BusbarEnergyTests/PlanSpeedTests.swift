import BusbarEnergy
import Foundation
import Testing

@Suite("What makes large plans fast stays safe")
struct PlanSpeedTests {
    /// A solve stopped by the iteration limit keeps a feasible basis: every slot of the tight
    /// garage still fits the exact limits, and it never claims more than the optimum.
    @Test(arguments: [1, 20])
    func iterationLimitedPlanStaysUnderEveryExactLimit(limit: Int32) throws {
        let site = try ExampleSites.site("garage")
        var replay = Replay(site: site, sessions: try ExampleSites.sessions("garage", days: 1), slotMinutes: 15)
        replay.offline = false
        let problem = replay.offlineProblem()
        let optimum = try AllocationSolver.solve(problem)
        let stopped = try AllocationSolver.solve(problem, iterationLimit: limit)
        #expect(stopped.objective <= optimum.objective * (1 + 1e-9))
        #expect(stopped.energyKWh > 0)
        let topology = SiteTopology(site: site)
        for (s, slot) in problem.slots.enumerated() {
            let conditions = topology.conditions(from: slot.start, to: slot.end)
            let draws = problem.vehicles.indices.map {
                ExactCheck.Draw(
                    coefficients: problem.vehicles[$0].coefficients, kilowattsPerAmp: problem.vehicles[$0].kilowattsPerAmp,
                    current: stopped.currents[$0][s])
            }
            #expect(ExactCheck.fits(draws, conditions: conditions))
        }
    }

    /// The minimum-current MIP replays the tight retail site with no exact-limit violation and
    /// delivers at least what the repair pass does there.
    @Test func minimumCurrentMIPReplaysRetailSafely() throws {
        let site = try ExampleSites.site("retail")
        let sessions = try ExampleSites.sessions("retail")
        var repair = Replay(site: site, sessions: sessions, slotMinutes: 15)
        repair.offline = false
        var mip = repair
        mip.minimumCurrentMIP = true
        let repaired = try repair.run()
        let integral = try mip.run()
        #expect(integral.violations == 0)
        #expect(integral.deliveredKWh >= repaired.deliveredKWh - 1e-6)
        #expect(integral.nodes.allSatisfy { $0.peakA <= $0.limitA * (1 + 1e-9) + 1e-9 })
    }
}
