import Foundation
import GRDB

extension SiteDocumentRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "siteDocument"
}

extension SQLiteStore: SiteDocumentStore {
    public func putSiteDocument(_ site: SiteDocumentRecord) async throws(StorageError) -> SiteDocumentRecord {
        try site.validate()
        var stored = site
        stored.updatedAt = Self.now()
        return try await write("site", key: site.id) { [stored] db in
            try stored.save(db)
            return stored
        }
    }

    public func siteDocument(id: String) async throws(StorageError) -> SiteDocumentRecord? {
        guard StoredText.isStorable(id) else { return nil }
        return try await read("site", key: id) { db in try SiteDocumentRecord.fetchOne(db, key: id) }
    }

    public func siteDocuments() async throws(StorageError) -> [SiteDocumentRecord] {
        try await read("site", key: "*") { db in try SiteDocumentRecord.order(Column("id")).fetchAll(db) }
    }
}
