import Foundation

/// The charging profiles operators set by hand (`POST /api/v1/stations/{id}/charging-profiles`),
/// durable so that after a restart the energy manager still counts them and does not clear them
/// from the stations as profiles it never sent.
public protocol ManualChargingProfileStore: Sendable {
    /// Stores a profile, replacing one of the same station and profile id.
    func putManualChargingProfile(_ profile: ManualChargingProfileRecord) async throws(StorageError)
    /// Every stored manual profile, by station then profile id.
    func manualChargingProfiles() async throws(StorageError) -> [ManualChargingProfileRecord]
    /// Deletes one; false when there was none.
    func deleteManualChargingProfile(stationId: String, profileId: Int) async throws(StorageError) -> Bool
}
