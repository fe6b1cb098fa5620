import BusbarEnergy
import Foundation
import Testing

@Suite("Inscribed polygon")
struct PolygonSafetyTests {
    /// Every point inside the K-gon's half-planes lies inside the circle: the extreme points are
    /// the K vertices at radius M·cos(π/K)/cos(π/K) = M. Checked on a dense ring of directions.
    @Test(arguments: [6, 12, 24, 48])
    func polygonNeverReachesBeyondTheCircle(order: Int) {
        let limit = 100.0
        for step in 0..<3600 {
            let angle = Double(step) * 2 * .pi / 3600
            // The farthest the half-planes allow along this direction.
            let reach = (0..<order).map { side -> Double in
                let cosine = cos(angle - 2 * .pi * Double(side) / Double(order))
                return cosine > 1e-12 ? limit * cos(.pi / Double(order)) / cosine : .infinity
            }.min()!
            #expect(reach <= limit * (1 + 1e-12))
            #expect(reach >= limit * cos(.pi / Double(order)) * (1 - 1e-12))
        }
    }

    /// The LP's own plan (before upscaling), on every slot of the tight garage, never exceeds an
    /// exact limit; and the polygon delivers more than the naive Σ|coefficient| form would allow.
    @Test func plansOfTheTightGarageStayUnderEveryExactLimit() throws {
        let site = try ExampleSites.site("garage")
        var replay = Replay(site: site, sessions: try ExampleSites.sessions("garage", days: 1), slotMinutes: 15)
        replay.offline = false
        let problem = replay.offlineProblem()
        let solution = try AllocationSolver.solve(problem)
        let topology = SiteTopology(site: site)
        var worst = 0.0
        for (s, slot) in problem.slots.enumerated() {
            let conditions = topology.conditions(from: slot.start, to: slot.end)
            let draws = problem.vehicles.indices.map {
                ExactCheck.Draw(
                    coefficients: problem.vehicles[$0].coefficients, kilowattsPerAmp: problem.vehicles[$0].kilowattsPerAmp,
                    current: solution.currents[$0][s])
            }
            #expect(ExactCheck.fits(draws, conditions: conditions))
            worst = max(worst, ExactCheck.utilisation(draws, conditions: conditions))
        }
        // The capacity binds: the polygon gets within 1 − cos(π/12) of the exact limit.
        #expect(worst > cos(.pi / 12) - 1e-6)
        #expect(worst <= 1 + 1e-9)
    }
}
