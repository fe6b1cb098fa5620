import Foundation
import GRDB

extension HeldChargingProfileRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "heldChargingProfile"
}

extension SQLiteStore: HeldChargingProfileStore {
    public func replaceHeldChargingProfiles(stationIds: [String], with profiles: [HeldChargingProfileRecord]) async throws(StorageError) {
        for profile in profiles { try profile.validate() }
        let stations = stationIds.filter(StoredText.isStorable)
        guard !stations.isEmpty || !profiles.isEmpty else { return }
        try await write("heldChargingProfile", key: stations.first ?? "*") { [profiles] db in
            try HeldChargingProfileRecord.filter(stations.contains(Column("stationId"))).deleteAll(db)
            for profile in profiles { try profile.save(db) }
        }
    }

    public func heldChargingProfiles() async throws(StorageError) -> [HeldChargingProfileRecord] {
        try await read("heldChargingProfile", key: "*") { db in
            try HeldChargingProfileRecord.order(Column("stationId"), Column("evseId"), Column("profileId")).fetchAll(db)
        }
    }
}
