import Foundation
import OCPP

/// The charging profiles a simulated station holds, kept by the rules a real station applies:
/// set (K01), cleared (K10), reported (K09) and combined into the composite schedule (K08) that
/// its meter values obey. Pure, so a CSMS's reconciliation can be tested against a station that
/// remembers what it was told.
public struct InstalledChargingProfiles: Sendable, Hashable {
    /// One installed profile and the EVSE it was set on (0: the whole station).
    public struct Entry: Sendable, Hashable {
        /// The EVSE the profile was set on; 0 for station-wide profiles.
        public var evseId: Int
        /// The profile as the CSMS sent it.
        public var profile: ChargingProfileType
        /// When it was installed: the start of a Relative profile's schedule.
        public var installedAt: Date
    }

    /// The limits a station advertises in its SmartChargingCtrlr (what SetChargingProfile is checked against).
    public struct Capabilities: Sendable, Hashable {
        /// SmartChargingCtrlr.ProfileStackLevel.
        public var maxStackLevel: Int
        /// SmartChargingCtrlr.PeriodsPerSchedule.
        public var maxPeriods: Int
        /// SmartChargingCtrlr.RateUnit.
        public var rateUnits: Set<ChargingRateUnitEnumType>
    }

    /// Every installed profile, oldest first.
    public private(set) var entries: [Entry] = []

    /// No profiles.
    public init() {}

    /// Installs a profile (K01) or says why it was refused (the reason goes into statusInfo).
    /// - `transactions`: the ongoing transactions, id → EVSE id.
    mutating func set(
        _ request: SetChargingProfileRequest, layout: EVSELayout, transactions: [String: Int], capabilities: Capabilities,
        now: Date = Date()
    ) -> String? {
        let profile = request.chargingProfile
        guard request.evseId == 0 || layout.evse(request.evseId) != nil else { return "UnknownEVSE" }
        guard profile.stackLevel <= capabilities.maxStackLevel else { return "StackLevelTooHigh" }
        for schedule in profile.chargingSchedule {
            guard capabilities.rateUnits.contains(schedule.chargingRateUnit) else { return "UnsupportedRateUnit" }
            guard schedule.chargingSchedulePeriod.count <= capabilities.maxPeriods else { return "TooManyPeriods" }
        }
        switch profile.chargingProfilePurpose {
        case .chargingStationMaxProfile:
            guard request.evseId == 0 else { return "ChargingStationMaxProfileOnEVSE" }
        case .txProfile:
            // K01: a TxProfile needs an ongoing transaction on that EVSE, named by its id.
            guard request.evseId != 0, let transactionId = profile.transactionId,
                transactions[transactionId] == request.evseId
            else { return "TxNotFound" }
        case .txDefaultProfile, .chargingStationExternalConstraints:
            break
        }
        // K01: the same id replaces; so does the same purpose and stack level on the same EVSE
        // (for a TxProfile: of the same transaction).
        entries.removeAll { entry in
            entry.profile.id == profile.id
                || (entry.evseId == request.evseId && entry.profile.chargingProfilePurpose == profile.chargingProfilePurpose
                    && entry.profile.stackLevel == profile.stackLevel && entry.profile.transactionId == profile.transactionId)
        }
        entries.append(Entry(evseId: request.evseId, profile: profile, installedAt: now))
        return nil
    }

    /// Removes what a ClearChargingProfile names (K10); the number removed (0 → status Unknown).
    mutating func clear(_ request: ClearChargingProfileRequest) -> Int {
        let before = entries.count
        if let id = request.chargingProfileId {
            entries.removeAll { $0.profile.id == id }
        } else {
            let criteria = request.chargingProfileCriteria
            entries.removeAll { entry in
                (criteria?.evseId.map { $0 == entry.evseId } ?? true)
                    && (criteria?.chargingProfilePurpose.map { $0 == entry.profile.chargingProfilePurpose } ?? true)
                    && (criteria?.stackLevel.map { $0 == entry.profile.stackLevel } ?? true)
            }
        }
        return before - entries.count
    }

    /// Drops the TxProfiles of a transaction that ended (they end with it).
    mutating func transactionEnded(_ transactionId: String) {
        entries.removeAll { $0.profile.chargingProfilePurpose == .txProfile && $0.profile.transactionId == transactionId }
    }

    /// The profiles a GetChargingProfiles selects (K09), as the ReportChargingProfiles messages
    /// that carry them: one per EVSE, every one but the last with `tbc`.
    func report(_ request: GetChargingProfilesRequest) -> [ReportChargingProfilesRequest] {
        let criteria = request.chargingProfile
        let selected = entries.filter { entry in
            (request.evseId.map { $0 == entry.evseId } ?? true)
                && (criteria.chargingProfilePurpose.map { $0 == entry.profile.chargingProfilePurpose } ?? true)
                && (criteria.stackLevel.map { $0 == entry.profile.stackLevel } ?? true)
                && (criteria.chargingProfileId.map { $0.contains(entry.profile.id) } ?? true)
                && (criteria.chargingLimitSource.map { $0.contains(.cso) } ?? true)
        }
        let byEVSE = Dictionary(grouping: selected, by: \.evseId).sorted { $0.key < $1.key }
        return byEVSE.enumerated().map { index, group in
            ReportChargingProfilesRequest(
                requestId: request.requestId, chargingLimitSource: .cso, chargingProfile: group.value.map(\.profile),
                tbc: index < byEVSE.count - 1 ? true : nil, evseId: group.key)
        }
    }

    /// The limit in A per phase an EVSE may draw at `date` under what is installed (K08): the
    /// ChargingStationMaxProfile caps; a TxProfile of its transaction overrides the
    /// TxDefaultProfile (its own, else the station-wide one); within a purpose the highest
    /// stack level in force wins. Nil when nothing limits it.
    public func limitA(evseId: Int, transactionId: String?, phases: Int, at date: Date) -> Double? {
        func strongest(_ purpose: ChargingProfilePurposeEnumType, on evse: Int) -> Double? {
            entries.filter { entry in
                entry.evseId == evse && entry.profile.chargingProfilePurpose == purpose
                    && (purpose != .txProfile || entry.profile.transactionId == transactionId)
            }
            .compactMap { entry in Self.limitA(of: entry, phases: phases, at: date).map { (entry.profile.stackLevel, $0) } }
            .max { $0.0 < $1.0 }?.1
        }
        let maximum = strongest(.chargingStationMaxProfile, on: 0)
        var transactionLimit: Double?
        if evseId != 0, transactionId != nil { transactionLimit = strongest(.txProfile, on: evseId) }
        let fallback = transactionLimit ?? strongest(.txDefaultProfile, on: evseId) ?? strongest(.txDefaultProfile, on: 0)
        switch (maximum, fallback) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    /// The composite schedule of an EVSE from `start` for `duration` seconds (K08), in A or W.
    func composite(
        evseId: Int, transactionId: String?, phases: Int, hardwareMaxA: Double, start: Date, duration: Int,
        unit: ChargingRateUnitEnumType
    ) -> CompositeScheduleType {
        let end = start.addingTimeInterval(Double(duration))
        var instants: Set<Date> = [start]
        for entry in entries { instants.formUnion(Self.changes(of: entry, from: start, to: end)) }
        var periods: [ChargingSchedulePeriodType] = []
        for instant in instants.sorted() {
            var limit = min(hardwareMaxA, limitA(evseId: evseId, transactionId: transactionId, phases: phases, at: instant) ?? hardwareMaxA)
            if unit == .w { limit *= 230 * Double(phases) }
            limit = (limit * 10).rounded(.down) / 10
            if periods.last?.limit == limit { continue }
            periods.append(ChargingSchedulePeriodType(startPeriod: Int(instant.timeIntervalSince(start).rounded(.down)), limit: limit))
        }
        return CompositeScheduleType(
            chargingSchedulePeriod: periods, evseId: evseId, duration: duration, scheduleStart: start, chargingRateUnit: unit)
    }

    /// The limit one profile sets at `date` in A per phase, or nil when it is not in force then.
    static func limitA(of entry: Entry, phases: Int, at date: Date) -> Double? {
        let profile = entry.profile
        if let from = profile.validFrom, date < from { return nil }
        if let to = profile.validTo, date >= to { return nil }
        guard let schedule = profile.chargingSchedule.first else { return nil }
        let origin = profile.chargingProfileKind == .relative ? entry.installedAt : (schedule.startSchedule ?? entry.installedAt)
        var offset = date.timeIntervalSince(origin)
        if profile.chargingProfileKind == .recurring {
            let period = profile.recurrencyKind == .weekly ? 7 * 86_400.0 : 86_400.0
            offset = offset.truncatingRemainder(dividingBy: period)
            if offset < 0 { offset += period }
        }
        if offset < 0 { return nil }
        if let duration = schedule.duration, offset >= Double(duration) { return nil }
        guard let period = schedule.chargingSchedulePeriod.last(where: { Double($0.startPeriod) <= offset }) else { return nil }
        guard schedule.chargingRateUnit == .w else { return period.limit }
        return period.limit / (230 * Double(period.numberPhases ?? phases))
    }

    /// Every instant in [from, to) where one profile's limit may change.
    static func changes(of entry: Entry, from: Date, to: Date) -> [Date] {
        let profile = entry.profile
        guard let schedule = profile.chargingSchedule.first else { return [] }
        let origin = profile.chargingProfileKind == .relative ? entry.installedAt : (schedule.startSchedule ?? entry.installedAt)
        var offsets = schedule.chargingSchedulePeriod.map { Double($0.startPeriod) }
        if let duration = schedule.duration { offsets.append(Double(duration)) }
        var origins = [origin]
        if profile.chargingProfileKind == .recurring {
            let period = profile.recurrencyKind == .weekly ? 7 * 86_400.0 : 86_400.0
            let first = origin.addingTimeInterval((from.timeIntervalSince(origin) / period).rounded(.down) * period)
            origins = stride(from: 0, through: to.timeIntervalSince(first) / period, by: 1).map { first.addingTimeInterval($0 * period) }
        }
        var result = origins.flatMap { base in offsets.map { base.addingTimeInterval($0) } }
        result += [profile.validFrom, profile.validTo].compactMap { $0 }
        return result.filter { $0 >= from && $0 < to }
    }
}
