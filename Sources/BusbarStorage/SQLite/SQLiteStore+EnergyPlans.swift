import Foundation
import GRDB

extension EnergyPlanRecord: SQLiteRow, MutablePersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "energyPlan"

    /// Takes the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SQLiteStore: EnergyPlanStore {
    public func appendEnergyPlan(_ plan: EnergyPlanRecord) async throws(StorageError) -> EnergyPlanRecord {
        try plan.validate()
        return try await write("energyPlan", key: plan.siteId) { [plan] db in
            var stored = plan
            stored.id = nil
            try stored.insert(db)
            return stored
        }
    }

    public func energyPlan(siteId: String, id: Int64) async throws(StorageError) -> EnergyPlanRecord? {
        guard StoredText.isStorable(siteId) else { return nil }
        return try await read("energyPlan", key: siteId) { db in
            try EnergyPlanRecord.filter(Column("id") == id && Column("siteId") == siteId).fetchOne(db)
        }
    }

    public func energyPlans(siteId: String, before: Int64?, limit: Int) async throws(StorageError) -> [EnergyPlanRecord] {
        guard StoredText.isStorable(siteId) else { return [] }
        return try await read("energyPlan", key: siteId) { db in
            var request = EnergyPlanRecord.filter(Column("siteId") == siteId)
            if let before { request = request.filter(Column("id") < before) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func pruneEnergyPlans(madeBefore date: Date) async throws(StorageError) -> Int {
        try await write("energyPlan", key: "*") { db in
            try EnergyPlanRecord.filter(Column("madeAt") < date.millisecondsSince1970).deleteAll(db)
        }
    }
}
