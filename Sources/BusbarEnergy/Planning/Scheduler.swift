import Foundation

/// The planner of one site: builds the LP from the needs, solves it, then makes the executed slot
/// final — minimum-current repair, scaling up to the exact limit where the polygon left room, and
/// the exact check. Used by the server and by `busbar simulate` alike. Synchronous; keep one per
/// site and call it from one task at a time (it holds the warm-start basis).
public final class Scheduler {
    /// The compiled site.
    public let topology: SiteTopology
    /// The site's policy.
    public let policy: SitePolicy
    /// Slot length (min).
    public var slotMinutes: Int
    /// Horizon (h), default 24.
    public var horizonHours: Double = 24
    /// Fine slots before the grid coarsens (nil = all fine).
    public var fineSlots: Int? = 12
    /// GLPK method.
    public var method: SolverMethod = .primal
    /// Whether re-plans start from the previous basis.
    public var warmStarts = true
    /// GLPK's time limit per solve (ms): a plan that cannot finish in time fails rather than stalls.
    public var timeLimitMilliseconds: Int32 = 10_000
    /// Simplex iterations per solve after which the plan keeps its feasible (safe) basis rather
    /// than the exact optimum; nil = always the optimum. For very large sites (docs/benchmarks.md).
    public var iterationLimit: Int32?
    /// The minimum-current rule as a MIP on the executed slot (glp_intopt) instead of the LP and
    /// the repair pass alone: a measurement (docs/benchmarks.md), off by default.
    public var minimumCurrentMIP = false
    private let warmStart = WarmStart()

    /// A planner for `site` with `slotMinutes`-long slots.
    public init(site: Site, slotMinutes: Int = 15) {
        topology = SiteTopology(site: site)
        policy = site.effectivePolicy
        self.slotMinutes = slotMinutes
    }

    /// Warm versus cold re-plans so far.
    public var warmCounts: (warm: Int, cold: Int) { (warmStart.warmSolves, warmStart.coldSolves) }

    /// Plans from `now` for `needs` under `envelopes`.
    /// `held` are draws of stations that cannot be re-profiled now (offline, refused): counted, not planned.
    public func plan(at now: Date, needs: [EnergyNeed], envelopes: [LimitEnvelope] = [], held: [HeldDraw] = []) throws(LinearProgramError) -> Plan {
        let horizonEnd = now.addingTimeInterval(horizonHours * 3600)
        let latest = needs.map { $0.departure ?? horizonEnd }.max() ?? now
        let end = max(now.addingTimeInterval(Double(slotMinutes) * 60), min(horizonEnd, latest))
        let slots = PlanningSlot.grid(
            start: now, end: end, slotMinutes: slotMinutes, fineCount: fineSlots,
            executedOrder: policy.executedOrder, order: policy.order)
        let problem = AllocationProblem.build(topology: topology, needs: needs, slots: slots, envelopes: envelopes, held: held, policy: policy)
        let solution = try AllocationSolver.solve(
            problem, needIDs: needs.map(\.id), method: method,
            warmStart: warmStarts ? warmStart : nil, timeLimitMilliseconds: timeLimitMilliseconds, iterationLimit: iterationLimit,
            minimumCurrentA: minimumCurrentMIP ? policy.minimumCurrent : nil)
        let conditions = topology.conditions(from: slots[0].start, to: slots[0].end, envelopes: envelopes, held: held)
        let executed = finalize(problem: problem, currents: solution.currents.map { $0[0] }, conditions: conditions)
        return makePlan(problem: problem, needs: needs, solution: solution, executed: executed, conditions: conditions)
    }

    /// The executed slot made final: currents under the minimum go to the minimum where the exact
    /// limits allow it, else to 0; then every rate is scaled by the largest factor (≤ 1/cos(π/K))
    /// the exact limits allow, clipped to each EV's maximum and remaining energy.
    public func finalize(problem: AllocationProblem, currents planned: [Double], conditions: SlotConditions) -> [Double] {
        let vehicles = problem.vehicles
        let hours = problem.slots[0].hours
        let cap = vehicles.map { vehicle -> Double in
            vehicle.presence[0] > 0 ? min(vehicle.maxCurrentA, vehicle.energyKWh / max(1e-9, vehicle.kilowattsPerAmp * hours)) : 0
        }
        func draws(_ currents: [Double]) -> [ExactCheck.Draw] {
            vehicles.indices.map {
                ExactCheck.Draw(
                    coefficients: vehicles[$0].coefficients, kilowattsPerAmp: vehicles[$0].kilowattsPerAmp, current: currents[$0])
            }
        }
        let minimum = policy.minimumCurrent
        var currents = planned
        let small = currents.indices.filter { currents[$0] > 1e-6 && currents[$0] < minimum - 1e-9 }.sorted { currents[$0] > currents[$1] }
        for index in small { currents[index] = 0 }
        for index in small where vehicles[index].maxCurrentA >= minimum {
            currents[index] = minimum
            if !ExactCheck.fits(draws(currents), conditions: conditions) { currents[index] = 0 }
        }
        for index in currents.indices where currents[index] < 1e-6 { currents[index] = 0 }
        let scaled: (Double) -> [Double] = { factor in
            currents.indices.map { currents[$0] > 0 ? max(currents[$0], min(currents[$0] * factor, cap[$0])) : 0 }
        }
        var low = 1.0
        var high = 1 / cos(.pi / Double(problem.slots[0].polygonOrder))
        if ExactCheck.fits(draws(currents), conditions: conditions) {
            if ExactCheck.fits(draws(scaled(high)), conditions: conditions) {
                low = high
            } else {
                for _ in 0..<20 {
                    let middle = (low + high) / 2
                    if ExactCheck.fits(draws(scaled(middle)), conditions: conditions) { low = middle } else { high = middle }
                }
            }
            return scaled(low)
        }
        // The LP's plan should always fit (the polygon is inscribed); if rounding says otherwise, shrink.
        var factor = 1.0
        while factor > 1e-3 {
            factor *= 0.98
            let shrunk = currents.map { $0 * factor }
            if ExactCheck.fits(draws(shrunk), conditions: conditions) { return shrunk.map { $0 < minimum ? 0 : $0 } }
        }
        return currents.map { _ in 0 }
    }

    private func makePlan(
        problem: AllocationProblem, needs: [EnergyNeed], solution: AllocationSolution, executed: [Double],
        conditions: SlotConditions
    ) -> Plan {
        var allocations: [Plan.Allocation] = []
        var draws: [ExactCheck.Draw] = []
        for (v, vehicle) in problem.vehicles.enumerated() {
            let need = needs[vehicle.need]
            var currents = solution.currents[v]
            currents[0] = executed[v]
            allocations.append(
                Plan.Allocation(
                    need: need.id, station: need.station, evse: need.evse, terminals: vehicle.wiring.terminals, currentA: currents))
            draws.append(
                ExactCheck.Draw(coefficients: vehicle.coefficients, kilowattsPerAmp: vehicle.kilowattsPerAmp, current: executed[v]))
        }
        let (lines, kW) = ExactCheck.loads(draws, conditions: conditions)
        var loads: [Plan.Load] = []
        var binding: (String, Double)?
        for (index, checkpoint) in topology.checkpoints.enumerated() {
            for phase in Phase.allCases {
                let limit = conditions.limitA[index]?[phase.rawValue]
                loads.append(
                    Plan.Load(
                        name: checkpoint.name, phase: phase, value: lines[index][phase.rawValue], limit: limit,
                        source: conditions.source[index]))
                if let limit, limit > 0, lines[index][phase.rawValue] / limit > (binding?.1 ?? 0) {
                    binding = ("\(checkpoint.name) \(phase)", lines[index][phase.rawValue] / limit)
                }
            }
            if let limit = conditions.limitKW[index] {
                loads.append(Plan.Load(name: checkpoint.name, phase: nil, value: kW[index], limit: limit, source: conditions.source[index]))
                if limit > 0, kW[index] / limit > (binding?.1 ?? 0) { binding = ("\(checkpoint.name) kW", kW[index] / limit) }
            }
        }
        return Plan(
            slots: problem.slots, allocations: allocations, loads: loads,
            binding: binding.map { "\($0.0) at \(String(format: "%.1f", $0.1 * 100)) %" },
            plannedKWh: solution.energyKWh, columns: solution.columns, rows: solution.rows, milliseconds: solution.milliseconds)
    }
}
