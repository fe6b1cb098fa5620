import BusbarEnergy
import Foundation
import Testing

@Suite("Models/allocation.mod states the same LP as the C-API builder")
struct MathProgEquivalenceTests {
    @Test(arguments: ExampleSites.names)
    func mathProgAndCAPIFindTheSameOptimum(site name: String) throws {
        let site = try ExampleSites.site(name)
        let days = name == "campus" ? 0.5 : 1.5
        var replay = Replay(site: site, sessions: try ExampleSites.sessions(name, days: days), slotMinutes: 30)
        replay.offline = false
        let problem = replay.offlineProblem()
        #expect(!problem.vehicles.isEmpty)
        let direct = try AllocationSolver.solve(problem)
        let translated = try AllocationMathProg.solve(problem, modelPath: ExampleSites.modelPath)
        #expect(direct.objective > 0)
        #expect(abs(direct.objective - translated) <= 1e-6 * max(1, abs(translated)), "C API \(direct.objective) vs MathProg \(translated)")
    }

    /// The per-slot fairness floors: every EV's energy unknown (floors in every slot it is
    /// present), and every EV floored with its energy known (caps cut by the remaining energy).
    @Test(arguments: ExampleSites.names, [SlotFairness.unknown, .all])
    func mathProgAndCAPIAgreeWithSlotFairness(site name: String, scope: SlotFairness) throws {
        let site = try ExampleSites.site(name)
        let days = name == "campus" ? 0.5 : 1.5
        var replay = Replay(site: site, sessions: try ExampleSites.sessions(name, days: days), slotMinutes: 30)
        replay.offline = false
        replay.slotFairness = scope
        let problem = replay.offlineProblem(knownEnergy: scope != .unknown)
        #expect(problem.slotFairness > 0)
        #expect(problem.slots.indices.contains { problem.slotReach(slot: $0) > 0 })
        let direct = try AllocationSolver.solve(problem)
        let translated = try AllocationMathProg.solve(problem, modelPath: ExampleSites.modelPath)
        #expect(direct.objective > 0)
        #expect(abs(direct.objective - translated) <= 1e-6 * max(1, abs(translated)), "C API \(direct.objective) vs MathProg \(translated)")
    }
}
