import BusbarEnergy
import Foundation
import OCPP

/// Turns a plan into the OCPP 2.0.1 charging profiles Busbar sends (K01 SetChargingProfile):
/// pure functions of values, so what a station is told is tested without sockets.
enum ProfileBuilder {
    /// Profile ids Busbar owns: TxDefault per station, TxProfile per transaction from this base on.
    static let txDefaultProfileId = 9_000_001
    /// First id of Busbar's TxProfiles (the rest of the id space is left to operators).
    static let txProfileIdBase = 9_100_000

    /// A limit as sent: rounded down to 0.1 A, so rounding never lets a station draw more than planned.
    static func roundedDown(_ ampere: Double) -> Double { (max(0, ampere) * 10).rounded(.down) / 10 }

    /// The TxProfile of one allocation (K01, purpose TxProfile, Absolute, A per phase): one period
    /// per run of equal limits, starting at the plan's first slot; after its last period the
    /// station falls back to the TxDefaultProfile. At most `maxPeriods` periods (the station's
    /// PeriodsPerSchedule): later slots are cut off, so the fallback covers them.
    /// `phaseToUse`: the EVSE terminal a one-phase allocation on a three-phase EVSE uses (K01,
    /// sent only where the station supports it).
    static func txProfile(
        _ allocation: Plan.Allocation, slots: [PlanningSlot], transactionId: String, profileId: Int, maxPeriods: Int = 24,
        phaseToUse: Int? = nil
    ) -> ChargingProfileType {
        let start = slots[0].start
        var periods: [ChargingSchedulePeriodType] = []
        for (index, slot) in slots.enumerated() {
            var limit = roundedDown(allocation.currentA[index])
            if let last = periods.last, last.limit == limit { continue }
            if periods.count == maxPeriods - 1 {
                // The station takes no more periods: the last one holds the least of the rest, so
                // it never allows more than the plan in any later slot.
                limit = roundedDown(allocation.currentA[index...].min() ?? 0)
                if let last = periods.last, last.limit == limit { break }
                periods.append(
                    ChargingSchedulePeriodType(
                        startPeriod: Int(slot.start.timeIntervalSince(start).rounded()), limit: limit,
                        numberPhases: allocation.terminals.count == 3 ? 3 : 1, phaseToUse: phaseToUse))
                break
            }
            periods.append(
                ChargingSchedulePeriodType(
                    startPeriod: Int(slot.start.timeIntervalSince(start).rounded()), limit: limit,
                    numberPhases: allocation.terminals.count == 3 ? 3 : 1, phaseToUse: phaseToUse))
        }
        let end = slots.last.map(\.end) ?? start
        return ChargingProfileType(
            id: profileId, stackLevel: 0, chargingProfilePurpose: .txProfile, chargingProfileKind: .absolute,
            chargingSchedule: [
                ChargingScheduleType(
                    id: profileId, startSchedule: start, duration: Int(end.timeIntervalSince(start).rounded()), chargingRateUnit: .a,
                    chargingSchedulePeriod: periods)
            ], transactionId: transactionId)
    }

    /// The station-wide TxDefaultProfile (EVSE 0, Recurring Daily): what a new transaction may
    /// draw from its first second, before Busbar has planned it.
    static func txDefaultProfile(limitA: Double, startOfDay: Date) -> ChargingProfileType {
        ChargingProfileType(
            id: txDefaultProfileId, stackLevel: 0, chargingProfilePurpose: .txDefaultProfile, chargingProfileKind: .recurring,
            recurrencyKind: .daily,
            chargingSchedule: [
                ChargingScheduleType(
                    id: txDefaultProfileId, startSchedule: startOfDay, duration: 86_400, chargingRateUnit: .a,
                    chargingSchedulePeriod: [ChargingSchedulePeriodType(startPeriod: 0, limit: roundedDown(limitA))])
            ])
    }

    /// The same profile in another rate unit: A per phase × `wattsPerAmp` = W (rounded down to
    /// whole watts, so the station never gets more than planned), or back.
    static func converted(_ profile: ChargingProfileType, to unit: ChargingRateUnitEnumType, wattsPerAmp: Double) -> ChargingProfileType {
        var result = profile
        result.chargingSchedule = profile.chargingSchedule.map { schedule in
            guard schedule.chargingRateUnit != unit, wattsPerAmp > 0 else { return schedule }
            var converted = schedule
            converted.chargingRateUnit = unit
            converted.chargingSchedulePeriod = schedule.chargingSchedulePeriod.map { period in
                var changed = period
                changed.limit = unit == .w ? (period.limit * wattsPerAmp).rounded(.down) : period.limit / wattsPerAmp
                return changed
            }
            return converted
        }
        return result
    }

    /// The most a profile allows at any moment of the `hours` from `date`: infinite when it
    /// leaves a moment unlimited.
    static func worstLimit(of profile: ChargingProfileType, from date: Date, hours: Int) -> Double {
        var worst = 0.0
        for step in 0..<(hours * 12) { worst = max(worst, limit(of: profile, at: date + Double(step) * 300) ?? .infinity) }
        return worst
    }

    /// The limit a profile sets at `date`, or nil when none of its periods applies.
    static func limit(of profile: ChargingProfileType, at date: Date) -> Double? {
        guard let schedule = profile.chargingSchedule.first, let start = schedule.startSchedule else { return nil }
        var offset = date.timeIntervalSince(start)
        if profile.chargingProfileKind == .recurring {
            let period = profile.recurrencyKind == .weekly ? 7 * 86_400.0 : 86_400.0
            offset = offset.truncatingRemainder(dividingBy: period)
            if offset < 0 { offset += period }
        }
        if offset < 0 { return nil }
        if let duration = schedule.duration, offset >= Double(duration) { return nil }
        return schedule.chargingSchedulePeriod.last { Double($0.startPeriod) <= offset }?.limit
    }
}
