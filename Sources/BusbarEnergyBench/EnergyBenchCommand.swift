import ArgumentParser
import BusbarEnergy
import Foundation

/// `busbar-energy-bench` — plan time of the allocation LP for many active EVs on a three-level
/// tree (grid → transformers → feeders), 96 slots: cold primal simplex, warm-started re-plans,
/// interior point, per polygon order. Not a test: figures for docs/benchmarks.md.
@main
struct EnergyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busbar-energy-bench", abstract: "Time the energy manager's allocation LP.")

    @Option(help: "Active EV counts, comma-separated.") var evs = "100,1000,5000"
    @Option(help: "Slots (15 minutes each).") var slots = 96
    @Option(help: "Polygon orders, comma-separated (executed slot and the rest alike).") var orders = "12"
    @Option(help: "Methods, comma-separated: primal, dual, interior.") var methods = "primal,interior"
    @Option(help: "Warm-started re-plans after the cold plan (primal and dual only).") var replans = 10
    @Option(help: "Write the LP of the first case as an MPS file.") var writeMps: String?
    @Option(
        help:
            "Fine slots before the grid coarsens (15-minute slots to 6 h, then hourly), as the online planner does (12); 'all' keeps every slot fine."
    )
    var fineSlots = "all"
    @Option(help: "Simplex iterations per solve, after which the feasible basis is kept (default: none, the optimum).")
    var iterationLimit: Int32?
    @Option(help: "Instead of the tree: replay this site file (with --sessions), LP + repair pass and MIP.") var replay: String?
    @Option(help: "Sessions CSV for --replay.") var sessions: String?
    @Option(help: "Slot length of --replay (min).") var slotMinutes = 15
    @Option(help: "The site policy's fairness weight λ (default 0.02, as every site).") var fairnessWeight: Double?
    @Option(help: "Per-slot fairness floors, comma-separated to compare: none, executed, unknown (the default), all.")
    var slotFairness = "unknown"
    @Flag(help: "Plan without the EVs' energy and departure (the usual AC case), on the tree and in --replay.")
    var unknownNeeds = false
    @Option(help: "With --replay: the minimum-current rules to compare, comma-separated: repair, mip.") var rules = "repair,mip"
    @Flag(help: "With --replay: skip the offline optimum (the same for every variant but `all`).") var noOffline = false
    @Option(help: "Make every slot final (minimum current, scaled to the exact limit), not only the executed one: true or false.")
    var finalizeEverySlot = true

    @Option(
        help:
            "Instead of the tree: a load-benchmark site (scripts/bench-sites.py) of this many 32 A stations, every one charging with unknown needs, re-planned --replans times; profile churn per plan."
    )
    var churnStations: Int?
    @Option(help: "With --churn-stations: the chance per re-plan that one transaction ends and another starts.") var turnover = 0.5

    func run() throws {
        if let replay {
            try replayMinimumCurrent(site: replay)
            return
        }
        if let churnStations {
            try churn(stations: churnStations)
            return
        }
        let counts = evs.split(separator: ",").compactMap { Int($0) }
        let polygonOrders = orders.split(separator: ",").compactMap { Int($0) }
        let chosen = methods.split(separator: ",").compactMap { SolverMethod(rawValue: String($0)) }
        let scopes = slotFairness.split(separator: ",").compactMap { SlotFairness(rawValue: String($0)) }
        print("evs  slots  order  method    columns    rows   cold_ms  replan_p50_ms  replan_p99_ms  planned_kwh  slot_fairness")
        var wroteMPS = false
        for count in counts {
            for order in polygonOrders {
                let site = try SiteLoader.parse(
                    Self.siteYAML(evses: count, order: order, fairness: fairnessWeight), file: "bench-\(count).yaml")
                let start = Date(timeIntervalSince1970: 1_772_000_000 - 1_772_000_000.truncatingRemainder(dividingBy: 900))
                let needs = Self.needs(count: count, start: start, slots: slots).map { need in
                    var stripped = need
                    if unknownNeeds { stripped.remainingKWh = nil; stripped.departure = nil }
                    return stripped
                }
                if let writeMps, !wroteMPS {
                    let topology = SiteTopology(site: site)
                    let grid = PlanningSlot.grid(
                        start: start, end: start.addingTimeInterval(Double(slots) * 900), slotMinutes: 15, fineCount: nil,
                        executedOrder: order, order: order)
                    let problem = AllocationProblem.build(topology: topology, needs: needs, slots: grid, policy: site.effectivePolicy)
                    _ = try AllocationSolver.solve(problem, mpsPath: writeMps)
                    wroteMPS = true
                    print("wrote \(writeMps)")
                }
                for method in chosen {
                    for scope in scopes {
                        let scheduler = Scheduler(site: site, slotMinutes: 15)
                        scheduler.slotFairness = scope
                        scheduler.finalizeEverySlot = finalizeEverySlot
                        scheduler.fineSlots = Int(fineSlots)
                        scheduler.horizonHours = Double(slots) / 4
                        scheduler.method = method
                        scheduler.timeLimitMilliseconds = 600_000
                        scheduler.iterationLimit = iterationLimit
                        var current = needs
                        let clock = DispatchTime.now().uptimeNanoseconds
                        var plan = try scheduler.plan(at: start, needs: current)
                        let cold = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e6
                        let planned = plan.plannedKWh
                        var times: [Double] = []
                        if method != .interior {
                            for step in 1...max(1, replans) {
                                // The EVs drew their slot-0 allotment; the horizon moved on by one slot.
                                let drawn = Dictionary(uniqueKeysWithValues: plan.allocations.map { ($0.need, $0.currentA[0]) })
                                current = current.map { need in
                                    var next = need
                                    let perAmp = Double(need.phases == 3 ? 3 : 1) * 0.23
                                    next.remainingKWh = need.remainingKWh.map { max(0, $0 - (drawn[need.id] ?? 0) * perAmp * 0.25) }
                                    return next
                                }
                                let at = start.addingTimeInterval(Double(step) * 900)
                                let started = DispatchTime.now().uptimeNanoseconds
                                plan = try scheduler.plan(at: at, needs: current)
                                times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
                            }
                        }
                        times.sort()
                        let p50 = times.isEmpty ? 0 : times[times.count / 2]
                        let p99 = times.isEmpty ? 0 : times[min(times.count - 1, Int((Double(times.count) * 0.99).rounded(.up)) - 1)]
                        print(
                            String(
                                format: "%-5d %-6d %-6d %-8@ %8d %8d %9.1f %14.1f %14.1f %12.3f  %@", count, slots, order,
                                method.rawValue as NSString,
                                plan.columns, plan.rows, cold, p50, p99, planned, scope.rawValue as NSString))
                    }
                }
            }
        }
    }

    /// A replay several ways: the minimum-current rule as the LP and the repair pass (the default)
    /// or a MIP with a binary per EV in the executed slot, and each per-slot fairness choice —
    /// energy, plan time, profile churn and the executed slot's fairness side by side.
    func replayMinimumCurrent(site path: String) throws {
        let site = try SiteLoader.load(path: path)
        let csv = sessions ?? path.replacingOccurrences(of: ".yaml", with: ".sessions.csv")
        let list = try SessionsCSV.parse(String(contentsOfFile: csv, encoding: .utf8), file: csv)
        let scopes = slotFairness.split(separator: ",").compactMap { SlotFairness(rawValue: String($0)) }
        print(
            "site  needs  rule  slot_fairness  delivered_pct  offline_pct  violations  replan_p50_ms  replan_p99_ms  seconds"
                + "  changes_per_plan  changes  executed_jain  executed_min_max  quiet_changes_per_plan")
        for rule in rules.split(separator: ",") {
            for scope in scopes {
                var replay = Replay(site: site, sessions: list, slotMinutes: slotMinutes)
                replay.minimumCurrentMIP = rule == "mip"
                replay.slotFairness = scope
                replay.finalizeEverySlot = finalizeEverySlot
                replay.offline = !noOffline
                replay.knownNeeds = !unknownNeeds
                let report = try replay.run()
                print(
                    String(
                        format: "%@  %@  %@  %@  %.3f  %.3f  %d  %.1f  %.1f  %.1f  %.2f  %d  %.4f  %.4f  %.2f", site.id as NSString,
                        (unknownNeeds ? "unknown" : "known") as NSString, String(rule) as NSString, scope.rawValue as NSString,
                        report.deliveredPercent, report.offlinePercent ?? -1, report.violations, report.replan(percentile: 50),
                        report.replan(percentile: 99), report.seconds, report.profileChangesPerPlan, report.profileChanges,
                        report.executedJain, report.executedMinMax, report.quietChangesPerPlan))
            }
        }
    }

    /// Profile churn on a load-benchmark site: every EVSE charging, needs unknown, the horizon
    /// moving on a slot per re-plan and, with chance `turnover`, one transaction replaced by a new one.
    func churn(stations: Int) throws {
        let site = try SiteLoader.parse(Self.benchSiteYAML(stations: stations), file: "bench-site.yaml")
        let scopes = slotFairness.split(separator: ",").compactMap { SlotFairness(rawValue: String($0)) }
        let start = Date(timeIntervalSince1970: 1_772_000_000 - 1_772_000_000.truncatingRemainder(dividingBy: 900))
        print(
            "stations  slot_fairness  every_slot_final  plans  changes_per_plan  quiet_plans  quiet_changes_per_plan  replan_p50_ms  replan_p99_ms  executed_min_max"
        )
        for scope in scopes {
            let scheduler = Scheduler(site: site, slotMinutes: 15)
            scheduler.slotFairness = scope
            scheduler.finalizeEverySlot = finalizeEverySlot
            scheduler.method = methods.split(separator: ",").first.flatMap { SolverMethod(rawValue: String($0)) } ?? .primal
            var state: UInt64 = 0x2545_F491_4F6C_DD1D
            func random() -> Double {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(state >> 11) / Double(1 << 53)
            }
            var generation = [Int](repeating: 0, count: stations)
            var counter = ProfileChurn()
            var times: [Double] = []
            var ratios: [Double] = []
            for step in 0..<max(1, replans) {
                if step > 0 && random() < turnover { generation[Int(random() * Double(stations)) % stations] += 1 }
                let needs = (0..<stations).map { index in
                    EnergyNeed(
                        id: "tx-\(index)-\(generation[index])", station: String(format: "BENCH-%06d", index), evse: 1, maxCurrentA: 32,
                        phases: 3, remainingKWh: nil, departure: nil)
                }
                let clock = DispatchTime.now().uptimeNanoseconds
                let plan = try scheduler.plan(at: start.addingTimeInterval(Double(step) * 900), needs: needs)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e6)
                counter.take(plan)
                let executed = plan.allocations.map { $0.currentA[0] }
                let high = executed.max() ?? 0
                ratios.append(high > 1e-9 ? (executed.min() ?? 0) / high : 1)
            }
            times.sort()
            let p50 = times[times.count / 2]
            let p99 = times[min(times.count - 1, Int((Double(times.count) * 0.99).rounded(.up)) - 1)]
            print(
                String(
                    format: "%-9d %-14@ %-17@ %6d %17.2f %12d %23.2f %14.1f %14.1f %17.4f", stations, scope.rawValue as NSString,
                    (finalizeEverySlot ? "yes" : "no") as NSString, counter.plans, Double(counter.changes) / Double(counter.plans),
                    counter.quietPlans, counter.quietPlans > 0 ? Double(counter.quietChanges) / Double(counter.quietPlans) : 0, p50, p99,
                    ratios.reduce(0, +) / Double(ratios.count)))
        }
    }

    /// The site scripts/bench-sites.py writes for the load benchmark: a connection at 40 % of what
    /// its three-phase 32 A EVSEs could draw, above feeders of ten stations at 60 %.
    static func benchSiteYAML(stations: Int) -> String {
        let connection = (Double(stations) * 32 * 0.4).rounded()
        var text = "id: bench-000\ntimezone: UTC\nvoltageLN: 230\ngrid:\n  name: grid-connection\n  kind: connection\n"
        text += "  limitA: [\(connection), \(connection), \(connection)]\n  children:\n"
        for feederStart in stride(from: 0, to: stations, by: 10) {
            let count = min(10, stations - feederStart)
            let limit = (Double(count) * 32 * 0.6).rounded()
            text +=
                "    - name: feeder-\(feederStart / 10)\n      kind: feeder\n      limitA: [\(limit), \(limit), \(limit)]\n      stations:\n"
            for index in feederStart..<(feederStart + count) {
                text += "        - { id: \(String(format: "BENCH-%06d", index)), evses: [{ id: 1, wiring: 3P, maxA: 32 }] }\n"
            }
        }
        return text
    }

    /// A three-level tree sized to `evses`: four Dyn11 transformers, five feeders each, the EVSEs
    /// spread over them with mixed wiring; limits at about 45 % of what the EVSEs could draw.
    static func siteYAML(evses: Int, order: Int, fairness: Double? = nil) -> String {
        let wirings = ["3P", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1", "3P"]
        var text = "id: bench\ntimezone: Europe/Amsterdam\nvoltageLN: 5773.5\n"
        let fairnessText = fairness.map { ", fairnessWeight: \($0)" } ?? ""
        text += "policy: { polygonOrder: \(order), executedPolygonOrder: \(order)\(fairnessText) }\n"
        let perFeeder = Double(evses) / 20
        let feederLimit = max(32, (perFeeder * 24 * 0.5).rounded())
        let transformerLimit = max(63, (perFeeder * 5 * 24 * 0.45).rounded())
        let primary = (transformerLimit * 400 / 10_000 * 0.95 * 10).rounded() / 10
        text += "grid:\n  name: mv\n  limitKW: \((Double(evses) * 7 * 0.4).rounded())\n  children:\n"
        var index = 0
        for t in 0..<4 {
            text += "    - name: tx-\(t)\n      kind: transformer\n"
            text +=
                "      transformer: { vectorGroup: Dyn11, primaryVoltageLL: 10000, secondaryVoltageLL: 400, primaryLimitA: [\(primary), \(primary), \(primary)] }\n"
            text += "      limitA: [\(transformerLimit), \(transformerLimit), \(transformerLimit)]\n      children:\n"
            for f in 0..<5 {
                text +=
                    "        - name: feeder-\(t)-\(f)\n          limitA: [\(feederLimit), \(feederLimit), \(feederLimit)]\n          stations:\n"
                let feederIndex = t * 5 + f
                let share = evses / 20 + (feederIndex < evses % 20 ? 1 : 0)
                for _ in 0..<share {
                    text += "            - { id: B\(index), evses: [{ id: 1, wiring: \(wirings[index % wirings.count]), maxA: 32 }] }\n"
                    index += 1
                }
                if share == 0 { text.removeLast("          stations:\n".count) }
            }
        }
        return text
    }

    /// Deterministic needs: departures spread over the horizon, energies 5–45 kWh.
    static func needs(count: Int, start: Date, slots: Int) -> [EnergyNeed] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let wirings = ["3P", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1", "3P"]
        return (0..<count).map { index in
            let hours = index % 10 == 0 ? Double(slots) / 4 : 2 + random() * (Double(slots) / 4 - 2)
            return EnergyNeed(
                id: "ev-\(index)", station: "B\(index)", evse: 1, maxCurrentA: 16 + random() * 16,
                phases: wirings[index % wirings.count] == "3P" ? 3 : 1, remainingKWh: 5 + random() * 40,
                departure: start.addingTimeInterval((hours * 4).rounded() * 900))
        }
    }
}
