import Foundation
import GRDB

extension APIKeyRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "apiKey"
}

extension SQLiteStore: APIKeyStore {
    public func createAPIKey(_ key: APIKeyRecord) async throws(StorageError) -> APIKeyRecord {
        try key.validate()
        var stored = key
        stored.createdAt = Self.now()
        return try await write("api key", key: key.id) { [stored] db in
            try stored.insert(db)
            return stored
        }
    }

    public func apiKey(hash: String) async throws(StorageError) -> APIKeyRecord? {
        try await read("api key", key: "by hash") { db in
            try APIKeyRecord.filter(Column("keyHash") == hash).fetchOne(db)
        }
    }

    public func apiKeys() async throws(StorageError) -> [APIKeyRecord] {
        try await read("api key", key: "*") { db in
            try APIKeyRecord.order(Column("createdAt"), Column("id")).fetchAll(db)
        }
    }

    public func revokeAPIKey(id: String) async throws(StorageError) -> APIKeyRecord {
        let now = Self.now()
        return try await write("api key", key: id) { db in
            guard var key = try APIKeyRecord.fetchOne(db, key: id) else {
                throw StorageError.notFound("api key", key: id, hint: "`busbar keys list` shows the ids")
            }
            if key.revokedAt == nil {
                key.revokedAt = now
                try key.update(db)
            }
            return key
        }
    }

    public func activeAPIKeyCount() async throws(StorageError) -> Int {
        try await read("api key", key: "*") { db in
            try APIKeyRecord.filter(Column("revokedAt") == nil).fetchCount(db)
        }
    }
}
