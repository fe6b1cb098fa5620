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

    func run() throws {
        if let replay {
            try replayMinimumCurrent(site: replay)
            return
        }
        let counts = evs.split(separator: ",").compactMap { Int($0) }
        let polygonOrders = orders.split(separator: ",").compactMap { Int($0) }
        let chosen = methods.split(separator: ",").compactMap { SolverMethod(rawValue: String($0)) }
        print("evs  slots  order  method    columns    rows   cold_ms  replan_p50_ms  replan_p99_ms  planned_kwh")
        var wroteMPS = false
        for count in counts {
            for order in polygonOrders {
                let site = try SiteLoader.parse(
                    Self.siteYAML(evses: count, order: order, fairness: fairnessWeight), file: "bench-\(count).yaml")
                let start = Date(timeIntervalSince1970: 1_772_000_000 - 1_772_000_000.truncatingRemainder(dividingBy: 900))
                let needs = Self.needs(count: count, start: start, slots: slots)
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
                    let scheduler = Scheduler(site: site, slotMinutes: 15)
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
                                next.remainingKWh = max(0, (need.remainingKWh ?? 0) - (drawn[need.id] ?? 0) * perAmp * 0.25)
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
                            format: "%-5d %-6d %-6d %-8@ %8d %8d %9.1f %14.1f %14.1f %12.3f", count, slots, order,
                            method.rawValue as NSString,
                            plan.columns, plan.rows, cold, p50, p99, planned))
                }
            }
        }
    }

    /// The minimum-current rule two ways on a replay: the LP and the repair pass (the default)
    /// against a MIP with a binary per EV in the executed slot.
    func replayMinimumCurrent(site path: String) throws {
        let site = try SiteLoader.load(path: path)
        let csv = sessions ?? path.replacingOccurrences(of: ".yaml", with: ".sessions.csv")
        let list = try SessionsCSV.parse(String(contentsOfFile: csv, encoding: .utf8), file: csv)
        print("site  rule  delivered_pct  offline_pct  violations  replan_p50_ms  replan_p99_ms  seconds")
        for mip in [false, true] {
            var replay = Replay(site: site, sessions: list, slotMinutes: slotMinutes)
            replay.minimumCurrentMIP = mip
            let report = try replay.run()
            let times = report.replanMilliseconds.sorted()
            let p50 = times.isEmpty ? 0 : times[times.count / 2]
            let p99 = times.isEmpty ? 0 : times[min(times.count - 1, Int((Double(times.count) * 0.99).rounded(.up)) - 1)]
            print(
                String(
                    format: "%@  %@  %.3f  %.3f  %d  %.1f  %.1f  %.1f", site.id as NSString, (mip ? "mip" : "repair") as NSString,
                    report.deliveredPercent, report.offlinePercent ?? -1, report.violations, p50, p99, report.seconds))
        }
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
