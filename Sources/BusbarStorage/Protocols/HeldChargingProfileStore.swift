import Foundation

/// The charging profiles each station accepted from the energy manager, durable so that after a
/// restart Busbar still counts what a station holds while it stays offline (issue #11 §3: what an
/// unreachable station holds stays counted until it expires).
public protocol HeldChargingProfileStore: Sendable {
    /// Replaces everything stored for these stations with `profiles` (a station with none left is cleared), in one transaction.
    func replaceHeldChargingProfiles(stationIds: [String], with profiles: [HeldChargingProfileRecord]) async throws(StorageError)
    /// Every stored profile, by station, EVSE and profile id.
    func heldChargingProfiles() async throws(StorageError) -> [HeldChargingProfileRecord]
}
