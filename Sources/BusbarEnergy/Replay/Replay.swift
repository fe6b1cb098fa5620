import Foundation

/// Replays sessions through the `Scheduler` in simulated time: every slot it re-plans with what a
/// live server would know (the EVs plugged in, their remaining energy and departure; nothing
/// about future arrivals), each EV draws what it is allowed up to its maximum and remaining
/// energy, and the exact check measures every slot. The offline optimum is the same LP over the
/// whole period with every session known in advance.
public struct Replay {
    /// The site.
    public var site: Site
    /// The sessions.
    public var sessions: [ChargingSession]
    /// Slot length (min).
    public var slotMinutes: Int
    /// Fine slots before the re-plan grid coarsens (nil = all fine).
    public var fineSlots: Int? = 12
    /// Whether to solve the offline optimum too.
    public var offline = true
    /// Method of the offline LP.
    public var offlineMethod: SolverMethod = .primal
    /// Whether re-plans warm-start.
    public var warmStarts = true
    /// Limit envelopes in force (utility signals).
    public var envelopes: [LimitEnvelope] = []
    /// Whether re-plans make the minimum-current rule a MIP (measured against the repair pass).
    public var minimumCurrentMIP = false
    /// Whether the planner is told each session's energy and departure (ISO 15118); false is the
    /// usual AC case: it sees only the EV's maximum, plans it to the horizon's end, and learns
    /// that it is full only when it stops drawing (the EV then leaves the plan).
    public var knownNeeds = true
    /// The scheduler's per-slot fairness floors (`Scheduler.slotFairness`).
    public var slotFairness: SlotFairness = .unknown
    /// Whether the scheduler makes every slot final, not only the executed one (`Scheduler.finalizeEverySlot`).
    public var finalizeEverySlot = true

    /// A replay of `sessions` on `site`.
    public init(site: Site, sessions: [ChargingSession], slotMinutes: Int) {
        self.site = site
        self.sessions = sessions
        self.slotMinutes = slotMinutes
    }

    private struct Discrete {
        var session: ChargingSession
        var evse: Int?
        var first: Int
        var end: Int
        var maxA: Double
        var kilowattsPerAmp: Double
    }

    /// Runs the replay.
    public func run() throws(LinearProgramError) -> ReplayReport {
        let started = Date()
        let scheduler = Scheduler(site: site, slotMinutes: slotMinutes)
        scheduler.fineSlots = fineSlots
        scheduler.warmStarts = warmStarts
        scheduler.minimumCurrentMIP = minimumCurrentMIP
        scheduler.slotFairness = slotFairness
        scheduler.finalizeEverySlot = finalizeEverySlot
        let topology = scheduler.topology
        let length = Double(slotMinutes) * 60
        let origin = Date(
            timeIntervalSince1970: ((sessions.map(\.arrival).min() ?? Date()).timeIntervalSince1970 / length).rounded(.down) * length)
        let discrete = sessions.map { session -> Discrete in
            let first = Int((session.arrival.timeIntervalSince(origin) / length).rounded(.up))
            let end = Int((session.departure.timeIntervalSince(origin) / length).rounded(.down))
            let evse = topology.evseIndex(station: session.station, evse: session.evse)
            var maxA = 0.0, perAmp = 0.0
            if let evse {
                let wiring = topology.wiring(of: evse, evPhases: session.phases)
                perAmp = topology.kilowattsPerAmp(evse: evse, wiring: wiring)
                maxA = min(topology.evses[evse].spec.maxA, session.maxKW / perAmp)
            }
            return Discrete(session: session, evse: evse, first: first, end: end, maxA: maxA, kilowattsPerAmp: perAmp)
        }
        let slotCount = discrete.map(\.end).max() ?? 0
        let hours = length / 3600
        var remaining = discrete.map(\.session.energyKWh)
        var delivered = [Double](repeating: 0, count: discrete.count)
        var times: [Double] = []
        var schedule: [(String, Date, Date, Double)] = []
        var violations = 0
        var worst: [[(ratio: Double, load: Double, limit: Double)]] = topology.checkpoints.map { _ in Array(repeating: (-1, 0, 0), count: 3)
        }
        var coefficients: [Int: [(checkpoint: Int, lines: [Phasor])]] = [:]
        let bySlot = Dictionary(grouping: discrete.indices, by: { discrete[$0].first })
        var active: [Int] = []
        var churn = ProfileChurn()
        var executedJain: [Double] = []
        var executedMinMax: [Double] = []
        for slot in 0..<slotCount {
            active.append(contentsOf: bySlot[slot] ?? [])
            active.removeAll { discrete[$0].end <= slot || remaining[$0] <= 1e-6 || discrete[$0].evse == nil || discrete[$0].first > slot }
            let now = origin.addingTimeInterval(Double(slot) * length)
            let slotEnd = now.addingTimeInterval(length)
            let conditions = topology.conditions(from: now, to: slotEnd, envelopes: envelopes)
            var draws: [ExactCheck.Draw] = []
            if !active.isEmpty {
                let needs = active.map { index -> EnergyNeed in
                    let item = discrete[index]
                    return EnergyNeed(
                        id: item.session.id, station: item.session.station, evse: item.session.evse, maxCurrentA: item.maxA,
                        phases: item.session.phases, remainingKWh: knownNeeds ? remaining[index] : nil,
                        departure: knownNeeds ? origin.addingTimeInterval(Double(item.end) * length) : nil)
                }
                let clock = DispatchTime.now().uptimeNanoseconds
                let plan = try scheduler.plan(at: now, needs: needs, envelopes: envelopes)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e6)
                let allowed = Dictionary(plan.allocations.map { ($0.need, $0.currentA[0]) }, uniquingKeysWith: { a, _ in a })
                churn.take(plan)
                // The executed slot's split: each EV's share of what it could take now (its
                // maximum, or its remaining energy within the slot), and among EVs of the same
                // maximum the lowest current over the highest.
                var shares: [Double] = []
                var byMaximum: [Double: [Double]] = [:]
                for index in active where discrete[index].maxA > 0 {
                    let item = discrete[index]
                    let cap = min(item.maxA, remaining[index] / (item.kilowattsPerAmp * hours))
                    let limit = allowed[item.session.id] ?? 0
                    if cap > 1e-9 { shares.append(min(1, limit / cap)) }
                    byMaximum[(item.maxA * 10).rounded() / 10, default: []].append(limit)
                }
                if shares.count >= 2 {
                    let squares = shares.reduce(0) { $0 + $1 * $1 }
                    executedJain.append(squares > 0 ? pow(shares.reduce(0, +), 2) / (Double(shares.count) * squares) : 1)
                }
                for group in byMaximum.values where group.count >= 2 {
                    let high = group.max() ?? 0
                    executedMinMax.append(high > 1e-9 ? (group.min() ?? 0) / high : 1)
                }
                for index in active {
                    let item = discrete[index]
                    let limit = allowed[item.session.id] ?? 0
                    let current = max(0, min(limit, item.maxA, remaining[index] / (item.kilowattsPerAmp * hours)))
                    let energy = current * item.kilowattsPerAmp * hours
                    remaining[index] -= energy
                    delivered[index] += energy
                    schedule.append((item.session.id, now, slotEnd, current))
                    let evse = item.evse!
                    let key = evse * 4 + item.session.phases
                    if coefficients[key] == nil {
                        coefficients[key] = topology.coefficients(
                            evse: evse, wiring: topology.wiring(of: evse, evPhases: item.session.phases))
                    }
                    draws.append(ExactCheck.Draw(coefficients: coefficients[key]!, kilowattsPerAmp: item.kilowattsPerAmp, current: current))
                }
            }
            let (lines, kW) = ExactCheck.loads(draws, conditions: conditions)
            for checkpoint in lines.indices {
                if let limit = conditions.limitA[checkpoint] {
                    for line in 0..<3 where limit[line].isFinite {
                        let load = lines[checkpoint][line]
                        if load > limit[line] * (1 + 1e-9) + 1e-9 { violations += 1 }
                        let ratio = limit[line] > 0 ? load / limit[line] : 0
                        if ratio > worst[checkpoint][line].ratio { worst[checkpoint][line] = (ratio, load, limit[line]) }
                    }
                }
                if let limit = conditions.limitKW[checkpoint], kW[checkpoint] > limit * (1 + 1e-9) + 1e-9 { violations += 1 }
            }
        }
        var offlineKWh: Double?
        if offline {
            offlineKWh = try offlineOptimum(
                topology: topology, discrete: discrete, origin: origin, slotCount: slotCount, length: length, policy: scheduler.policy)
        }
        let fractions = discrete.indices.filter { discrete[$0].session.energyKWh > 0 }.map {
            delivered[$0] / discrete[$0].session.energyKWh
        }
        let sum = fractions.reduce(0, +), squares = fractions.reduce(0) { $0 + $1 * $1 }
        var nodes: [ReplayReport.NodePeak] = []
        for (index, checkpoint) in topology.checkpoints.enumerated() {
            for line in 0..<3 where worst[index][line].ratio >= 0 {
                nodes.append(
                    .init(
                        name: checkpoint.name, phase: Phase(rawValue: line)!.description, peakA: worst[index][line].load,
                        limitA: worst[index][line].limit))
            }
        }
        return ReplayReport(
            requestedKWh: sessions.reduce(0) { $0 + $1.energyKWh }, deliveredKWh: delivered.reduce(0, +), offlineKWh: offlineKWh,
            violations: violations, nodes: nodes, fairness: squares > 0 ? sum * sum / (Double(fractions.count) * squares) : 1,
            replanMilliseconds: times.sorted(), sessions: sessions.count, slotMinutes: slotMinutes,
            seconds: Date().timeIntervalSince(started),
            warm: scheduler.warmCounts.warm, cold: scheduler.warmCounts.cold, schedule: schedule,
            profileChanges: churn.changes, firstProfiles: churn.firsts, quietPlans: churn.quietPlans, quietChanges: churn.quietChanges,
            executedJain: executedJain.isEmpty ? 1 : executedJain.reduce(0, +) / Double(executedJain.count),
            executedMinMax: executedMinMax.isEmpty ? 1 : executedMinMax.reduce(0, +) / Double(executedMinMax.count),
            knownNeeds: knownNeeds)
    }

    /// The offline LP split at the moments when no EV is plugged in: the parts share no slot, so
    /// solving them apart is exact for energy and limits; the fairness term then measures each
    /// busy period (a day, usually) on its own, as the online planner does with the EVs it sees.
    public func offlineProblems() -> [AllocationProblem] {
        let length = Double(slotMinutes) * 60
        let whole = Date(
            timeIntervalSince1970: ((sessions.map(\.arrival).min() ?? Date()).timeIntervalSince1970 / length).rounded(.down) * length)
        let sorted = sessions.sorted { $0.arrival < $1.arrival }
        var parts: [[ChargingSession]] = []
        var until = Date.distantPast
        for session in sorted {
            // Sessions are rounded to the slot grid, so a gap shorter than a slot does not split.
            if parts.isEmpty || session.arrival.timeIntervalSince(until) >= length {
                parts.append([])
            }
            parts[parts.count - 1].append(session)
            until = max(until, session.departure)
        }
        return parts.map { part in
            var piece = self
            piece.sessions = part
            piece.origin = whole
            return piece.offlineProblem()
        }
    }

    /// The grid origin of the whole replay (parts of the offline LP keep it).
    private var origin: Date? = nil

    /// The needs and slots of the offline LP: every session known in advance, one fine grid, the
    /// after-execution polygon order everywhere. `knownEnergy` false leaves every energy need
    /// unknown (stays only), as an AC site's planner sees it: the LP's slot-fairness part then
    /// covers every EV (the MathProg equivalence test uses it).
    public func offlineProblem(knownEnergy: Bool = true) -> AllocationProblem {
        let scheduler = Scheduler(site: site, slotMinutes: slotMinutes)
        let topology = scheduler.topology
        let length = Double(slotMinutes) * 60
        let origin =
            self.origin
            ?? Date(
                timeIntervalSince1970: ((sessions.map(\.arrival).min() ?? Date()).timeIntervalSince1970 / length).rounded(.down) * length)
        let needs = sessions.compactMap { session -> EnergyNeed? in
            guard let evse = topology.evseIndex(station: session.station, evse: session.evse) else { return nil }
            let first = (session.arrival.timeIntervalSince(origin) / length).rounded(.up)
            let end = (session.departure.timeIntervalSince(origin) / length).rounded(.down)
            guard end > first else { return nil }
            let perAmp = topology.kilowattsPerAmp(evse: evse, wiring: topology.wiring(of: evse, evPhases: session.phases))
            return EnergyNeed(
                id: session.id, station: session.station, evse: session.evse, maxCurrentA: session.maxKW / perAmp, phases: session.phases,
                remainingKWh: knownEnergy ? session.energyKWh : nil, departure: origin.addingTimeInterval(end * length),
                arrival: origin.addingTimeInterval(first * length))
        }
        let last = needs.compactMap(\.departure).max() ?? origin.addingTimeInterval(length)
        // A part starts at its first arrival, on the whole replay's grid.
        let first = Date(
            timeIntervalSince1970: origin.timeIntervalSince1970
                + (((needs.compactMap(\.arrival).min() ?? origin).timeIntervalSince(origin)) / length).rounded(.down) * length)
        let slots = PlanningSlot.grid(
            start: first, end: last, slotMinutes: slotMinutes, fineCount: nil,
            executedOrder: scheduler.policy.order, order: scheduler.policy.order)
        return AllocationProblem.build(
            topology: topology, needs: needs, slots: slots, envelopes: envelopes, policy: scheduler.policy,
            slotFairness: slotFairness == .executed ? .none : slotFairness)
    }

    private func offlineOptimum(
        topology: SiteTopology, discrete: [Discrete], origin: Date, slotCount: Int, length: Double, policy: SitePolicy
    ) throws(LinearProgramError) -> Double {
        var total = 0.0
        for problem in offlineProblems() where !problem.vehicles.isEmpty {
            total += try AllocationSolver.solve(problem, method: offlineMethod, timeLimitMilliseconds: 600_000).energyKWh
        }
        return total
    }
}
