import BusbarEnergy
import Foundation
import OCPP

/// The ChargingStationMaxProfile Busbar gives each station (K01, purpose ChargingStationMaxProfile,
/// EVSE 0): the most the station alone may draw under the exact limits of the nodes it hangs from,
/// with their base load, over a day (or a week when a schedule names weekdays) — a cap that holds
/// whatever becomes of its TxProfiles, and follows the site's recurring limits. Pure values.
struct StationMaxProfile: Sendable, Hashable {
    /// The recurring profile's id (stack level 0).
    static let profileId = 9_000_002
    /// The id of the absolute profile (stack level 1) that carries limit signals.
    static let signalProfileId = 9_000_003
    /// Length of the steps the day is judged in.
    static let stepSeconds = 900.0

    /// From `offset` seconds into the recurrence on: the most the station may take.
    struct Period: Sendable, Hashable {
        var offset: Int
        /// A per phase at the station's supply (its largest line current).
        var amperes: Double
        /// W in total.
        var watts: Double
    }

    /// Where the recurrence starts: local midnight (Monday's for weekly), as an instant.
    var start: Date
    /// Daily or Weekly; nil for an absolute profile.
    var recurrency: RecurrencyKindEnumType?
    /// True for the profile of limit signals (its own id, stack level 1).
    var signal = false
    /// Seconds covered (a day or a week when recurring).
    var length: Int
    /// The periods, first at offset 0.
    var periods: [Period]

    /// The station's cap from the site's limits: weekly when any schedule names weekdays, else
    /// daily; anchored at the local midnight (Monday's for weekly) before `now`. Each step counts
    /// the strictest of that instant in this period and in the next, so a DST change or a new
    /// day never leaves a moment unjudged before Busbar re-sends it.
    static func make(
        topology: SiteTopology, station: String, now: Date, maxPeriods: Int = 24, steps memo: StepConditions? = nil
    ) -> StationMaxProfile? {
        let memo = memo ?? StepConditions(topology: topology)
        let indices = topology.evses.indices.filter { topology.evses[$0].station == station }
        guard !indices.isEmpty else { return nil }
        let weekly = topology.checkpoints.contains { $0.schedules.contains { $0.days != nil } }
        let anchor = localMidnight(of: now, timezone: topology.site.timezone, monday: weekly)
        let length = weekly ? 7 * 86_400.0 : 86_400.0
        var steps: [(amperes: Double, watts: Double)] = []
        var caps = CapMemo()
        var nextCaps = CapMemo()
        for step in 0..<Int(length / stepSeconds) {
            let offset = Double(step) * stepSeconds
            let here = caps.cap(topology: topology, evses: indices, conditions: memo.at(anchor + offset))
            let next = nextCaps.cap(topology: topology, evses: indices, conditions: memo.at(anchor + length + offset))
            steps.append((min(here.amperes, next.amperes), min(here.watts, next.watts)))
        }
        let whole = merged(steps, maxPeriods: .max)
        if whole.count > maxPeriods && weekly {
            // A week of the site's limits takes more periods than the station holds: the next two
            // days exactly, as an absolute profile, rather than a week that gives away capacity.
            let today = localMidnight(of: now, timezone: topology.site.timezone)
            let days = (0..<Int(2 * 86_400 / stepSeconds)).map { step in
                let capped = caps.cap(topology: topology, evses: indices, conditions: memo.at(today + Double(step) * stepSeconds))
                return (amperes: capped.amperes, watts: capped.watts)
            }
            return StationMaxProfile(start: today, recurrency: nil, length: 2 * 86_400, periods: merged(days, maxPeriods: maxPeriods))
        }
        return StationMaxProfile(
            start: anchor, recurrency: weekly ? .weekly : .daily, length: Int(length), periods: merged(steps, maxPeriods: maxPeriods))
    }

    /// The station's cap while limit signals apply to a node above it, when they make it lower
    /// than `recurring` anywhere: an absolute profile over the signals of the next day (from the
    /// earliest one's start, but not before local midnight; at most 48 h), nil when no signal binds it.
    static func signals(
        topology: SiteTopology, station: String, envelopes: [LimitEnvelope], recurring: StationMaxProfile, now: Date, maxPeriods: Int = 24
    ) -> StationMaxProfile? {
        let indices = topology.evses.indices.filter { topology.evses[$0].station == station }
        guard let first = indices.first else { return nil }
        let path = Set(topology.evses[first].nodePath)
        let relevant = envelopes.filter { $0.baseLoadKW == nil && path.contains($0.node) && $0.start < now + 86_400 && $0.end > now }
        guard let earliest = relevant.map(\.start).min(), let latest = relevant.map(\.end).max() else { return nil }
        let today = localMidnight(of: now, timezone: topology.site.timezone)
        let from = max(today, Date(timeIntervalSince1970: (earliest.timeIntervalSince1970 / stepSeconds).rounded(.down) * stepSeconds))
        let to = min(latest, from + 2 * 86_400)
        var steps: [(amperes: Double, watts: Double)] = []
        var lower = false
        var at = from
        while at < to {
            let capped = cap(topology: topology, evses: indices, at: at, envelopes: relevant)
            let plain = recurring.amperes(at: at) ?? .infinity
            if ProfileBuilder.roundedDown(capped.amperes) < plain { lower = true }
            steps.append((min(capped.amperes, plain), capped.watts))
            at += stepSeconds
        }
        guard lower else { return nil }
        return StationMaxProfile(
            start: from, recurrency: nil, signal: true, length: Int(Double(steps.count) * stepSeconds),
            periods: merged(steps, maxPeriods: maxPeriods))
    }

    /// The local midnight (of the Monday, when `monday`) at or before `date`, as an instant.
    static func localMidnight(of date: Date, timezone: String, monday: Bool = false) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timezone) ?? .gmt
        let midnight = calendar.startOfDay(for: date)
        guard monday else { return midnight }
        let weekday = calendar.component(.weekday, from: midnight)  // 1 = Sunday
        return calendar.date(byAdding: .day, value: -((weekday + 5) % 7), to: midnight) ?? midnight
    }

    /// What the station may take over one step: every EVSE of it at min(c, its rating), with the
    /// largest c that keeps every checkpoint within its exact limits (base load included); as the
    /// station's largest line current (A) and its power (W).
    static func cap(topology: SiteTopology, evses: [Int], at date: Date, envelopes: [LimitEnvelope] = []) -> (amperes: Double, watts: Double) {
        cap(topology: topology, evses: evses, conditions: topology.conditions(from: date, to: date + stepSeconds, envelopes: envelopes))
    }

    /// The same for conditions already made.
    static func cap(topology: SiteTopology, evses: [Int], conditions: SlotConditions) -> (amperes: Double, watts: Double) {
        func draws(_ current: Double) -> [ExactCheck.Draw] {
            evses.map { index in
                let evse = topology.evses[index]
                return ExactCheck.Draw(
                    coefficients: topology.coefficients(evse: index, wiring: evse.wiring),
                    kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: evse.wiring), current: min(current, evse.spec.maxA))
            }
        }
        let highest = evses.map { topology.evses[$0].spec.maxA }.max() ?? 0
        var current = highest
        if !ExactCheck.fits(draws(highest), conditions: conditions) {
            var low = 0.0
            var high = highest
            for _ in 0..<40 {
                let middle = (low + high) / 2
                if ExactCheck.fits(draws(middle), conditions: conditions) { low = middle } else { high = middle }
            }
            current = low
        }
        var lines = [Phasor](repeating: .zero, count: 3)
        var watts = 0.0
        for index in evses {
            let evse = topology.evses[index]
            let drawn = min(current, evse.spec.maxA)
            let unit = evse.wiring.lineCurrents(rotation: evse.rotation)
            for line in 0..<3 { lines[line] = lines[line] + unit[line] * drawn }
            watts += topology.kilowattsPerAmp(evse: index, wiring: evse.wiring) * 1000 * drawn
        }
        return (lines.map(\.magnitude).max() ?? 0, watts)
    }

    /// Runs of equal steps as periods; over `maxPeriods`, the neighbouring pair whose merge gives
    /// away least is merged at the lower of the two, so merging never allows more.
    static func merged(_ steps: [(amperes: Double, watts: Double)], maxPeriods: Int) -> [Period] {
        var periods: [Period] = []
        for (index, step) in steps.enumerated() {
            let amperes = ProfileBuilder.roundedDown(step.amperes)
            let watts = step.watts.rounded(.down)
            if let last = periods.last, last.amperes == amperes, last.watts == watts { continue }
            periods.append(Period(offset: Int(Double(index) * stepSeconds), amperes: amperes, watts: watts))
        }
        let total = Int(Double(steps.count) * stepSeconds)
        while periods.count > max(1, maxPeriods) {
            var best = 0
            var bestLoss = Double.infinity
            for index in 0..<(periods.count - 1) {
                let a = periods[index]
                let b = periods[index + 1]
                let end = index + 2 < periods.count ? periods[index + 2].offset : total
                let loss = Double(b.offset - a.offset) * abs(a.amperes - min(a.amperes, b.amperes))
                    + Double(end - b.offset) * abs(b.amperes - min(a.amperes, b.amperes))
                if loss < bestLoss {
                    bestLoss = loss
                    best = index
                }
            }
            let a = periods[best]
            let b = periods[best + 1]
            periods[best] = Period(offset: a.offset, amperes: min(a.amperes, b.amperes), watts: min(a.watts, b.watts))
            periods.remove(at: best + 1)
        }
        return periods
    }

    /// The SetChargingProfile's profile, in A per phase or in W (the station's RateUnit).
    func profile(unit: ChargingRateUnitEnumType) -> ChargingProfileType {
        let id = signal ? Self.signalProfileId : Self.profileId
        return ChargingProfileType(
            id: id, stackLevel: signal ? 1 : 0, chargingProfilePurpose: .chargingStationMaxProfile,
            chargingProfileKind: recurrency == nil ? .absolute : .recurring, recurrencyKind: recurrency,
            chargingSchedule: [
                ChargingScheduleType(
                    id: id, startSchedule: start, duration: length, chargingRateUnit: unit,
                    chargingSchedulePeriod: periods.map {
                        ChargingSchedulePeriodType(startPeriod: $0.offset, limit: unit == .w ? $0.watts : $0.amperes)
                    })
            ])
    }

    /// The cap in A per phase at `date` (nil outside its schedule).
    func amperes(at date: Date) -> Double? {
        ProfileBuilder.limit(of: profile(unit: .a), at: date)
    }
}

/// The conditions of each 15-minute step of a site, made once and shared by all its stations
/// (the calendar work of a day's limits is most of what a cap costs).
final class StepConditions {
    private let topology: SiteTopology
    private var byStart: [Date: SlotConditions] = [:]

    init(topology: SiteTopology) { self.topology = topology }

    /// The conditions of the step starting at `date`.
    func at(_ date: Date) -> SlotConditions {
        if let known = byStart[date] { return known }
        let made = topology.conditions(from: date, to: date + StationMaxProfile.stepSeconds)
        byStart[date] = made
        return made
    }
}

/// A station's last cap and the limits it was made for: consecutive steps under the same limits
/// and base load (most of a day) reuse it instead of searching again.
struct CapMemo {
    private var last: (limitA: [[Double]?], limitKW: [Double?], baseKW: [Double], cap: (amperes: Double, watts: Double))?

    mutating func cap(topology: SiteTopology, evses: [Int], conditions: SlotConditions) -> (amperes: Double, watts: Double) {
        if let last, last.limitA == conditions.limitA, last.limitKW == conditions.limitKW, last.baseKW == conditions.baseKW {
            return last.cap
        }
        let made = StationMaxProfile.cap(topology: topology, evses: evses, conditions: conditions)
        last = (conditions.limitA, conditions.limitKW, conditions.baseKW, made)
        return made
    }
}
