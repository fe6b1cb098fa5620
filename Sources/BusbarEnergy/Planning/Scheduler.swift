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
    /// Which EVs and slots get a per-slot fairness floor, so equal EVs get equal currents and a
    /// re-plan that changes nothing re-sends no profile (Models/README.md; docs/benchmarks.md).
    public var slotFairness: SlotFairness = .unknown
    /// Whether, in plans with slot-fairness floors, the slots after the executed one are made final
    /// as the executed one is (minimum current, then scaled up to their own exact limits):
    /// otherwise a slot rises by up to 1 − cos(π/K) or jumps between 4 A and 6 A / 0 A when it
    /// becomes the executed one, and that alone re-sends most profiles (docs/benchmarks.md, "Profile churn").
    public var finalizeEverySlot = true
    /// The needs the last plan let charge in its executed slot: among EVs the LP gives the same
    /// current under the minimum, these keep it (then by id), so the minimum-current rule does
    /// not move the current from EV to EV on every re-plan.
    private var lastCharging: Set<String> = []
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
    public func plan(at now: Date, needs: [EnergyNeed], envelopes: [LimitEnvelope] = [], held: [HeldDraw] = []) throws(LinearProgramError)
        -> Plan
    {
        let horizonEnd = now.addingTimeInterval(horizonHours * 3600)
        let latest = needs.map { $0.departure ?? horizonEnd }.max() ?? now
        let end = max(now.addingTimeInterval(Double(slotMinutes) * 60), min(horizonEnd, latest))
        let slots = PlanningSlot.grid(
            start: now, end: end, slotMinutes: slotMinutes, fineCount: fineSlots,
            executedOrder: policy.executedOrder, order: policy.order)
        let problem = AllocationProblem.build(
            topology: topology, needs: needs, slots: slots, envelopes: envelopes, held: held, policy: policy,
            slotFairness: slotFairness)
        let solution = try AllocationSolver.solve(
            problem, needIDs: needs.map(\.id), method: method,
            warmStart: warmStarts ? warmStart : nil, timeLimitMilliseconds: timeLimitMilliseconds, iterationLimit: iterationLimit,
            minimumCurrentA: minimumCurrentMIP ? policy.minimumCurrent : nil)
        // Ties under the minimum go first to the EVs that charged in the last plan, then by id.
        let ids = problem.vehicles.map { needs[$0.need].id }
        let order = problem.vehicles.indices.sorted { a, b in
            let (chargedA, chargedB) = (lastCharging.contains(ids[a]), lastCharging.contains(ids[b]))
            return chargedA != chargedB ? chargedA : ids[a] < ids[b]
        }
        var rank = [Int](repeating: 0, count: problem.vehicles.count)
        for (position, v) in order.enumerated() { rank[v] = position }
        let conditions = topology.conditions(from: slots[0].start, to: slots[0].end, envelopes: envelopes, held: held)
        let executed = finalize(problem: problem, slot: 0, currents: solution.currents.map { $0[0] }, conditions: conditions, rank: rank)
        lastCharging = Set(problem.vehicles.indices.filter { executed[$0] > 0 }.map { ids[$0] })
        var later: [[Double]] = []
        // Only where floors make the split unique: with known needs it changed no churn (measured)
        // and cost up to a fifth of a 1,000-EV re-plan.
        if finalizeEverySlot && problem.vehicles.contains(where: { $0.fairnessCapA.contains { $0 > 0 } }) {
            for s in slots.indices.dropFirst() {
                let slotConditions = topology.conditions(from: slots[s].start, to: slots[s].end, envelopes: envelopes, held: held)
                later.append(
                    finalize(problem: problem, slot: s, currents: solution.currents.map { $0[s] }, conditions: slotConditions, rank: rank))
            }
        }
        return makePlan(problem: problem, needs: needs, solution: solution, executed: executed, later: later, conditions: conditions)
    }

    /// The executed slot made final: currents under the minimum go to the minimum where the exact
    /// limits allow it, else to 0; then every rate is scaled by the largest factor (≤ 1/cos(π/K))
    /// the exact limits allow, clipped to each EV's maximum and remaining energy.
    public func finalize(problem: AllocationProblem, currents planned: [Double], conditions: SlotConditions) -> [Double] {
        finalize(problem: problem, slot: 0, currents: planned, conditions: conditions, rank: Array(problem.vehicles.indices))
    }

    /// Slot `slot` made final (see above); among EVs the LP gives the same current under the
    /// minimum, the lower `rank` is raised to it first.
    func finalize(problem: AllocationProblem, slot: Int, currents planned: [Double], conditions: SlotConditions, rank: [Int]) -> [Double] {
        let vehicles = problem.vehicles
        func draws(_ currents: [Double]) -> [ExactCheck.Draw] {
            vehicles.indices.map {
                ExactCheck.Draw(
                    coefficients: vehicles[$0].coefficients, kilowattsPerAmp: vehicles[$0].kilowattsPerAmp, current: currents[$0])
            }
        }
        let minimum = policy.minimumCurrent
        var currents = planned
        // Largest first; currents the LP made equal (to 1 µA) by rank.
        let small = currents.indices.filter { currents[$0] > 1e-6 && currents[$0] < minimum - 1e-9 }.sorted { a, b in
            let (x, y) = ((currents[a] * 1e6).rounded(), (currents[b] * 1e6).rounded())
            return x != y ? x > y : rank[a] < rank[b]
        }
        for index in small { currents[index] = 0 }
        var load = ExactCheck.Running(draws(currents), conditions: conditions)
        for index in small where vehicles[index].maxCurrentA >= minimum {
            let draw = ExactCheck.Draw(
                coefficients: vehicles[index].coefficients, kilowattsPerAmp: vehicles[index].kilowattsPerAmp, current: minimum)
            if load.addIfFits(draw) { currents[index] = minimum }
        }
        for index in currents.indices where currents[index] < 1e-6 { currents[index] = 0 }
        return scaledUp(problem: problem, slot: slot, currents: currents, conditions: conditions, minimum: minimum)
    }

    /// Slot `slot`'s currents scaled by the largest factor (≤ 1/cos(π/K)) the exact limits allow,
    /// each clipped to its EV's maximum and to what its remaining energy takes in the slot; a
    /// plan rounding pushed over a limit is shrunk until it fits (and `minimum` then applies).
    func scaledUp(problem: AllocationProblem, slot: Int, currents: [Double], conditions: SlotConditions, minimum: Double = 0) -> [Double] {
        let vehicles = problem.vehicles
        let hours = problem.slots[slot].hours
        let cap = vehicles.map { vehicle -> Double in
            vehicle.presence[slot] > 0 ? min(vehicle.maxCurrentA, vehicle.energyKWh / max(1e-9, vehicle.kilowattsPerAmp * hours)) : 0
        }
        func draws(_ currents: [Double]) -> [ExactCheck.Draw] {
            vehicles.indices.map {
                ExactCheck.Draw(
                    coefficients: vehicles[$0].coefficients, kilowattsPerAmp: vehicles[$0].kilowattsPerAmp, current: currents[$0])
            }
        }
        let currents = currents.map { $0 < 1e-6 ? 0 : $0 }
        let scaled: (Double) -> [Double] = { factor in
            currents.indices.map { currents[$0] > 0 ? max(currents[$0], min(currents[$0] * factor, cap[$0])) : 0 }
        }
        var low = 1.0
        var high = 1 / cos(.pi / Double(problem.slots[slot].polygonOrder))
        if ExactCheck.fits(draws(currents), conditions: conditions) {
            if ExactCheck.fits(draws(scaled(high)), conditions: conditions) {
                low = high
            } else {
                for _ in 0..<20 {
                    let middle = (low + high) / 2
                    if ExactCheck.fits(draws(scaled(middle)), conditions: conditions) { low = middle } else { high = middle }
                }
            }
            return steadied(scaled(low), fits: { ExactCheck.fits(draws($0), conditions: conditions) })
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

    /// Currents within 1 µA of a multiple of 0.1 A put on it, or, where that would cross an exact
    /// limit, 1 µA under it: the server rounds limits down to 0.1 A, so an equal share that lands
    /// on the grid (640 A over 50 EVs) would otherwise come out 12.8 A in one plan and 12.7 A in
    /// the next from rounding noise alone — a lowering, which the server always sends.
    func steadied(_ currents: [Double], fits: ([Double]) -> Bool) -> [Double] {
        let grid = currents.map { ($0 * 10).rounded() / 10 }
        let near = currents.indices.map { abs(currents[$0] - grid[$0]) < 1e-6 && currents[$0] > 0 }
        guard near.contains(true) else { return currents }
        let on = currents.indices.map { near[$0] ? grid[$0] : currents[$0] }
        if fits(on) { return on }
        let under = currents.indices.map { near[$0] && grid[$0] > currents[$0] ? grid[$0] - 1e-6 : on[$0] }
        return fits(under) ? under : currents
    }

    private func makePlan(
        problem: AllocationProblem, needs: [EnergyNeed], solution: AllocationSolution, executed: [Double], later: [[Double]],
        conditions: SlotConditions
    ) -> Plan {
        var allocations: [Plan.Allocation] = []
        var draws: [ExactCheck.Draw] = []
        for (v, vehicle) in problem.vehicles.enumerated() {
            let need = needs[vehicle.need]
            var currents = solution.currents[v]
            currents[0] = executed[v]
            for (offset, slot) in later.enumerated() { currents[offset + 1] = slot[v] }
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
