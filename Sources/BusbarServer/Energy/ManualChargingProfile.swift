import BusbarEnergy
import Foundation
import OCPP

/// A charging profile an operator set by hand on a station (issue #11 §3): the energy manager
/// counts it as what that EVSE (or station) may draw, and plans the others around it.
struct ManualChargingProfile: Sendable, Hashable {
    /// The EVSE it was set on (0: the whole station).
    var evseId: Int
    /// The profile as the operator gave it (sent as is).
    var profile: ChargingProfileType
    /// The same in A per phase, for counting.
    var amperes: ChargingProfileType
    /// True once the station accepted it; until then what the station held before counts too.
    var accepted = false

    /// Why Busbar will not set a profile, for the 4xx answer: each names the field.
    enum Refusal: Error, Sendable, Equatable {
        case invalid(field: String, reason: String)
        case conflict(String)
    }

    /// Checks what Busbar can keep safe: not an id of Busbar's own range, not the
    /// ChargingStationExternalConstraints that only external systems set, a Tx or TxDefault profile
    /// above Busbar's own stack level 0 (a profile of the same purpose and stack level replaces the
    /// one held, K01), a TxProfile only on an EVSE with that ongoing transaction.
    static func refusal(evseId: Int, profile: ChargingProfileType, transactionOn: (Int) -> String?) -> Refusal? {
        if profile.id >= 9_000_000 {
            return .invalid(field: "chargingProfile.id", reason: "ids from 9000000 on are the energy manager's own; use a lower id")
        }
        switch profile.chargingProfilePurpose {
        case .chargingStationExternalConstraints:
            return .invalid(
                field: "chargingProfile.chargingProfilePurpose", reason: "ChargingStationExternalConstraints are set by external systems, not by the CSMS")
        case .chargingStationMaxProfile:
            if evseId != 0 { return .invalid(field: "evseId", reason: "a ChargingStationMaxProfile is set on EVSE 0") }
        case .txProfile:
            if profile.stackLevel < 1 {
                return .invalid(field: "chargingProfile.stackLevel", reason: "must be at least 1: the energy manager's own TxProfiles are at stack level 0 and would replace it")
            }
            guard evseId != 0 else { return .invalid(field: "evseId", reason: "a TxProfile is set on the EVSE of its transaction") }
            guard let transactionId = profile.transactionId else {
                return .invalid(field: "chargingProfile.transactionId", reason: "is required for a TxProfile")
            }
            if transactionOn(evseId) != transactionId {
                return .conflict("transaction '\(transactionId)' is not ongoing on EVSE \(evseId) of this station")
            }
        case .txDefaultProfile:
            if profile.stackLevel < 1 {
                return .invalid(field: "chargingProfile.stackLevel", reason: "must be at least 1: the energy manager's own TxDefaultProfile is at stack level 0 and would replace it")
            }
        }
        return nil
    }

    /// True when it caps what the station may draw rather than setting it (a ChargingStationMaxProfile).
    var isCap: Bool { profile.chargingProfilePurpose == .chargingStationMaxProfile }

    /// The most it lets the EVSE draw over the next day from `date`, A per phase.
    func worst(from date: Date) -> Double {
        if let relative = relativeMaximum { return relative }
        return ProfileBuilder.worstLimit(of: amperes, from: date, hours: 24)
    }

    /// What it lets the EVSE draw at `date` (A per phase; 0 where it does not apply).
    func limit(at date: Date) -> Double {
        relativeMaximum ?? ProfileBuilder.limit(of: amperes, at: date) ?? 0
    }

    /// A schedule without a start (Relative) runs from whenever the station starts it: counted at its highest period.
    private var relativeMaximum: Double? {
        guard let schedule = amperes.chargingSchedule.first, schedule.startSchedule == nil else { return nil }
        return schedule.chargingSchedulePeriod.map(\.limit).max() ?? 0
    }
}
