import Foundation

/// The limits and base load in force at a checkpoint over a time window: the strictest of the
/// site file, its schedules and the limit envelopes that meet the window.
public struct SiteLimits: Sendable {
    /// Per-phase limit (A) or nil.
    public var limitA: [Double]?
    /// Power limit (kW) or nil.
    public var limitKW: Double?
    /// Why the strictest limit is what it is ("site file", a schedule's reason, an envelope id).
    public var source: String
}

extension SiteTopology {
    /// The strictest limits of checkpoint `index` over `[from, to)`.
    public func limits(checkpoint index: Int, from: Date, to: Date, envelopes: [LimitEnvelope] = []) -> SiteLimits {
        let checkpoint = checkpoints[index]
        var result = SiteLimits(limitA: checkpoint.limitA, limitKW: checkpoint.limitKW, source: "site file")
        func tighten(_ limitA: [Double]?, _ limitKW: Double?, _ source: String) {
            if let limitA {
                let merged = (0..<3).map { min(result.limitA?[$0] ?? .infinity, limitA[$0]) }
                if merged != result.limitA ?? [] { result.source = source }
                result.limitA = merged
            }
            if let limitKW, limitKW < (result.limitKW ?? .infinity) {
                result.limitKW = limitKW
                result.source = source
            }
        }
        if !checkpoint.schedules.isEmpty {
            let window = clock.window(from: from, to: to)
            for schedule in checkpoint.schedules
            where SiteClock.overlaps(days: schedule.days, from: schedule.from, to: schedule.to, window: window) {
                tighten(schedule.limitA, schedule.limitKW, schedule.reason ?? "schedule \(schedule.from)-\(schedule.to)")
            }
        }
        if !checkpoint.name.hasSuffix("(primary)") {
            for envelope in envelopes where envelope.node == checkpoint.node && envelope.start < to && from < envelope.end {
                tighten(envelope.importA, envelope.importKW, "\(envelope.source) \(envelope.id)")
            }
        }
        return result
    }

    /// The base load (kW) of profile `steps` over `[from, to)`: the highest step that meets it.
    public func baseLoad(_ steps: [BaseLoadStep], from: Date, to: Date) -> Double {
        guard !steps.isEmpty else { return 0 }
        let sorted = steps.sorted { SiteClock.minutes($0.from) < SiteClock.minutes($1.from) }
        let window = clock.window(from: from, to: to)
        var highest = 0.0
        for (index, step) in sorted.enumerated() {
            let next = sorted[(index + 1) % sorted.count]
            let days: [String]? = nil
            let to = index + 1 < sorted.count ? next.from : sorted[0].from
            if sorted.count == 1 || SiteClock.overlaps(days: days, from: step.from, to: to, window: window) {
                highest = max(highest, step.kW)
            }
        }
        return highest
    }

    /// The base-load line currents per kW at a node of voltage `voltageLN`: balanced, unity power factor.
    public static func baseLoadLinesPerKW(voltageLN: Double) -> [Phasor] {
        Phase.allCases.map { $0.unit * (1000 / (3 * voltageLN)) }
    }
}
