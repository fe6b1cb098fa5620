import Foundation
import GRDB

extension LimitSignalRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "limitSignal"
}

extension SQLiteStore: LimitSignalStore {
    public func createLimitSignal(_ signal: LimitSignalRecord) async throws(StorageError) -> (
        signal: LimitSignalRecord, created: Bool
    ) {
        try signal.validate()
        var stored = signal
        stored.createdAt = Self.now()
        return try await write("limit signal", key: signal.id) { [stored] db in
            if let externalId = stored.externalId,
                let existing = try LimitSignalRecord.filter(
                    Column("siteId") == stored.siteId && Column("source") == stored.source && Column("externalId") == externalId
                ).fetchOne(db)
            {
                return (existing, false)
            }
            try stored.insert(db)
            return (stored, true)
        }
    }

    public func limitSignal(siteId: String, id: String) async throws(StorageError) -> LimitSignalRecord? {
        guard StoredText.allStorable(siteId, id) else { return nil }
        return try await read("limit signal", key: id) { db in
            try LimitSignalRecord.filter(Column("siteId") == siteId && Column("id") == id).fetchOne(db)
        }
    }

    public func limitSignals(siteId: String, endingAfter: Date?, includeWithdrawn: Bool) async throws(StorageError)
        -> [LimitSignalRecord]
    {
        guard StoredText.isStorable(siteId) else { return [] }
        return try await read("limit signal", key: siteId) { db in
            var request = LimitSignalRecord.filter(Column("siteId") == siteId)
            if let endingAfter { request = request.filter(Column("endsAt") > endingAfter.millisecondsSince1970) }
            if !includeWithdrawn { request = request.filter(Column("withdrawnAt") == nil) }
            return try request.order(Column("startsAt"), Column("id")).fetchAll(db)
        }
    }

    public func withdrawLimitSignal(siteId: String, id: String, byKeyId: String?) async throws(StorageError)
        -> LimitSignalRecord
    {
        let now = Self.now()
        guard StoredText.allStorable(siteId, id, byKeyId) else {
            throw StorageError.notFound("limit signal", key: id.replacingNul())
        }
        return try await write("limit signal", key: id) { db in
            guard var signal = try LimitSignalRecord.filter(Column("siteId") == siteId && Column("id") == id).fetchOne(db) else {
                throw StorageError.notFound("limit signal", key: id, hint: "GET /api/v1/sites/\(siteId)/limits lists them")
            }
            if signal.withdrawnAt == nil {
                signal.withdrawnAt = now
                signal.withdrawnByKeyId = byKeyId
                try signal.update(db)
            }
            return signal
        }
    }
}
