import Foundation
import GRDB

extension ManualChargingProfileRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "manualChargingProfile"
}

extension SQLiteStore: ManualChargingProfileStore {
    public func putManualChargingProfile(_ profile: ManualChargingProfileRecord) async throws(StorageError) {
        try profile.validate()
        try await write("manualChargingProfile", key: profile.stationId) { [profile] db in
            try profile.save(db)
        }
    }

    public func manualChargingProfiles() async throws(StorageError) -> [ManualChargingProfileRecord] {
        try await read("manualChargingProfile", key: "*") { db in
            try ManualChargingProfileRecord.order(Column("stationId"), Column("profileId")).fetchAll(db)
        }
    }

    public func deleteManualChargingProfile(stationId: String, profileId: Int) async throws(StorageError) -> Bool {
        guard StoredText.isStorable(stationId) else { return false }
        return try await write("manualChargingProfile", key: stationId) { db in
            try ManualChargingProfileRecord.filter(Column("stationId") == stationId && Column("profileId") == profileId).deleteAll(db) > 0
        }
    }
}
