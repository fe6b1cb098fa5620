import Foundation
import Histogram

/// The bench's final printout.
struct BenchReport {
    let plan: BenchPlan
    let connected: Int
    let connectErrors: [String: Int]
    let connectTime: Duration
    let figures: BenchStats.Figures
    let measuredWindow: Duration
    let serverBaseline: ProcessProbe.Memory?
    let serverAfterConnect: ProcessProbe.Memory?
    let serverNow: ProcessProbe.Memory?
    let serverPeakSampledKiB: Int
    let cpuTotal: (user: Double, system: Double)
    let cpuLoad: (user: Double, system: Double)
    /// The server's CPU seconds over warm-up and measurement, when its PID is known.
    let serverCPULoad: (user: Double, system: Double)?
    /// Storage commits during the load (warm-up included), from the server's `/metrics`.
    let serverCounters: ServerCounters?
    let benchMemory: ProcessProbe.Memory?
    /// `HostSpeed.referenceMilliseconds()` at the start of the run.
    let hostReferenceMilliseconds: Double

    func print() {
        let seconds = Double(measuredWindow.components.seconds) + Double(measuredWindow.components.attoseconds) / 1e18
        let completed = figures.completed.values.reduce(0, +)
        let errors = figures.errors.values.reduce(0, +)
        var overall = BenchStats.makeHistogram()
        for histogram in figures.latency.values { overall.add(histogram) }

        Swift.print("")
        Swift.print("== busbar-bench results ==")
        Swift.print(
            "stations: \(connected) connected, \(connectErrors.values.reduce(0, +)) failed (of \(plan.stations)); connect+boot took \(format(connectTime))"
        )
        for (kind, count) in connectErrors.sorted(by: { $0.value > $1.value }) { Swift.print("  connect failure: \(kind) ×\(count)") }
        Swift.print(
            String(
                format: "rate: offered %.0f msg/s (scheduled %d in %.0f s), achieved %.0f msg/s answered OK, %d errors",
                Double(figures.scheduled) / seconds, figures.scheduled, seconds, Double(completed) / seconds, errors))
        Swift.print("latency from intended send time (µs; includes any queueing behind a slow answer):")
        Swift.print(row("action", ["count", "p50", "p90", "p99", "p99.9", "max"]))
        Swift.print(row("all", stats(overall)))
        for action in BenchAction.allCases {
            if let histogram = figures.latency[action], histogram.totalCount > 0 { Swift.print(row(action.rawValue, stats(histogram))) }
        }
        Swift.print(row("service", stats(figures.service)) + "   (actual send → answer)")
        Swift.print(row("send lag", stats(figures.scheduleLag)) + "   (actual send − intended send)")
        printTimeline()
        if figures.errors.isEmpty {
            Swift.print("errors: none")
        } else {
            Swift.print("errors by kind:")
            for (kind, count) in figures.errors.sorted(by: { $0.value > $1.value }) { Swift.print("  \(kind): \(count)") }
        }
        if plan.serverPid != nil {
            Swift.print(
                "server RSS: before \(mib(serverBaseline?.residentKiB)), after connect \(mib(serverAfterConnect?.residentKiB)), "
                    + "now \(mib(serverNow?.residentKiB)), peak during run \(mib(serverPeakSampledKiB)), lifetime peak (VmHWM) \(mib(serverNow?.peakResidentKiB))"
            )
            if let before = serverBaseline?.residentKiB, let after = serverAfterConnect?.residentKiB, connected > 0 {
                Swift.print(String(format: "  ≈ %.1f KiB per connected station", Double(after - before) / Double(connected)))
            }
        }
        if let server = serverCPULoad {
            let loadSeconds = seconds + Double(plan.warmup.components.seconds)
            let messages = Double(figures.scheduled) * loadSeconds / max(seconds, 1)
            Swift.print(
                String(
                    format: "server CPU during load: %.1f s user + %.1f s system (%.0f%% of one core), ≈ %.0f µs per message",
                    server.user, server.system, 100 * (server.user + server.system) / max(loadSeconds, 1),
                    1e6 * (server.user + server.system) / max(messages, 1)))
        }
        if let counters = serverCounters, counters.commits > 0 {
            Swift.print(
                String(
                    format: "server storage during load: %.0f commits carried %.0f acknowledged writes (%.1f per commit)",
                    counters.commits, counters.writes, counters.writes / counters.commits))
        }
        Swift.print(
            String(
                format: "generator CPU: %.1f s user + %.1f s system overall; during load %.1f s user + %.1f s system (%.0f%% of one core)",
                cpuTotal.user, cpuTotal.system, cpuLoad.user, cpuLoad.system,
                100 * (cpuLoad.user + cpuLoad.system) / max(seconds + Double(plan.warmup.components.seconds), 1)))
        Swift.print("generator RSS: \(mib(benchMemory?.residentKiB)) (peak \(mib(benchMemory?.peakResidentKiB)))")
        Swift.print(
            String(format: "host reference: %.1f ms (fixed work timed before the run: compare runs by it)", hostReferenceMilliseconds))
    }

    /// Whether the slow answers are spread out (queueing) or bunched in a few seconds (a stall).
    private func printTimeline() {
        let seconds = figures.bySecond.keys.sorted()
        guard let last = seconds.last else { return }
        let cells = (0...last).map { figures.bySecond[$0] }
        Swift.print("answers over \(BenchStats.slowMicros / 1000) ms per measured second:")
        Swift.print("  " + cells.map { String($0?.slow ?? 0) }.joined(separator: " "))
        Swift.print("slowest answer per measured second (ms):")
        Swift.print("  " + cells.map { String(($0?.max ?? 0) / 1000) }.joined(separator: " "))
    }

    private func stats(_ histogram: Histogram<UInt64>) -> [String] {
        guard histogram.totalCount > 0 else { return ["0", "-", "-", "-", "-", "-"] }
        return [String(histogram.totalCount)] + [50.0, 90, 99, 99.9].map { String(histogram.valueAtPercentile($0)) } + [
            String(histogram.max)
        ]
    }

    private func row(_ label: String, _ cells: [String]) -> String {
        label.padding(toLength: 20, withPad: " ", startingAt: 0) + cells.map { $0.leftPadded(to: 10) }.joined()
    }

    private func mib(_ kib: Int?) -> String {
        guard let kib, kib > 0 else { return "n/a" }
        return String(format: "%.1f MiB", Double(kib) / 1024)
    }

    private func format(_ duration: Duration) -> String {
        String(format: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
