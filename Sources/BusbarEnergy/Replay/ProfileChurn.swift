import Foundation

/// Counts, per re-plan, the EVs whose TxProfile the server would send again (issue #11): the
/// replay's stand-in for `SitePlanner.insignificant` and `ProfileBuilder.txProfile`, which live in
/// the server. A profile holds each slot's current rounded down to 0.1 A, one period per run of
/// equal limits, at most `maxPeriods` periods (the last holds the least of the rest); a new plan
/// is a change when, at any of its slot starts that the held profile covers, a limit moved by
/// ≥ 0.5 A or went down at all. What was last sent is what a change is measured against.
public struct ProfileChurn: Sendable {
    /// A profile as the station holds it.
    struct Held: Sendable {
        var starts: [Date]
        var end: Date
        var limits: [Double]

        /// The limit in force at `date`, nil outside the profile.
        func limit(at date: Date) -> Double? {
            guard let first = starts.first, date >= first, date < end else { return nil }
            var low = 0, high = starts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= date { low = middle } else { high = middle - 1 }
            }
            return limits[low]
        }
    }

    /// PeriodsPerSchedule the server assumes when a station reports none.
    public var maxPeriods = 24
    private var held: [String: Held] = [:]
    /// Profiles sent again to an EV that already held one.
    public private(set) var changes = 0
    /// First profiles of EVs new to the plan (unavoidable).
    public private(set) var firsts = 0
    /// Plans counted.
    public private(set) var plans = 0
    /// Plans with the same EVs as the one before: nothing arrived or left, so any change there
    /// comes from the planner (or from limits that vary in time), not from the site.
    public private(set) var quietPlans = 0
    /// Changes in those plans.
    public private(set) var quietChanges = 0

    /// An empty count.
    public init() {}

    /// Each slot's limit as the TxProfile built from `currents` would state it.
    static func limits(_ currents: [Double], maxPeriods: Int) -> [Double] {
        func roundedDown(_ ampere: Double) -> Double { (max(0, ampere) * 10).rounded(.down) / 10 }
        var result: [Double] = []
        var periods = 0
        var last: Double?
        var frozen: Double?
        for index in currents.indices {
            if let frozen {
                result.append(frozen)
                continue
            }
            var limit = roundedDown(currents[index])
            if limit == last {
                result.append(limit)
                continue
            }
            if periods == maxPeriods - 1 {
                limit = roundedDown(currents[index...].min() ?? 0)
                if limit != last { periods += 1 }
                frozen = limit
                result.append(limit)
                continue
            }
            periods += 1
            last = limit
            result.append(limit)
        }
        return result
    }

    /// Takes one plan; returns how many EVs' profiles changed.
    @discardableResult
    public mutating func take(_ plan: Plan) -> Int {
        plans += 1
        let quiet = plans > 1 && Set(plan.allocations.map(\.need)) == Set(held.keys)
        var changed = 0
        var next: [String: Held] = [:]
        let starts = plan.slots.map(\.start)
        let end = plan.slots.last?.end ?? starts.first ?? Date()
        for allocation in plan.allocations {
            let profile = Held(starts: starts, end: end, limits: Self.limits(allocation.currentA, maxPeriods: maxPeriods))
            guard let old = held[allocation.need] else {
                firsts += 1
                next[allocation.need] = profile
                continue
            }
            let significant = zip(starts, profile.limits).contains { start, new in
                guard let before = old.limit(at: start) else { return false }
                return abs(before - new) >= 0.5 || new < before
            }
            if significant {
                changed += 1
                next[allocation.need] = profile
            } else {
                next[allocation.need] = old
            }
        }
        held = next
        changes += changed
        if quiet {
            quietPlans += 1
            quietChanges += changed
        }
        return changed
    }
}
