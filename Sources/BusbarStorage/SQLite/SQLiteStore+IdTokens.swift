import Foundation
import GRDB

extension IdTokenRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "idToken"
}

extension SQLiteStore: IdTokenStore {
    public func upsertIdToken(_ token: IdTokenRecord) async throws(StorageError) -> IdTokenRecord {
        try token.validate()
        let now = Self.now()
        return try await write("id token", key: "\(token.idToken)/\(token.type)") { db in
            var stored = token
            stored.updatedAt = now
            if let existing = try Self.fetchIdToken(db, token.idToken, type: token.type) {
                // Keep the first spelling as the key; the case of a later upsert does not matter.
                stored.idToken = existing.idToken
                stored.createdAt = existing.createdAt
                try stored.update(db)
            } else {
                stored.createdAt = now
                try stored.insert(db)
            }
            return stored
        }
    }

    public func idToken(_ idToken: String, type: String) async throws(StorageError) -> IdTokenRecord? {
        // Never stored with U+0000 (StoredText); bound, it would find the token before it.
        guard StoredText.isStorable(idToken), StoredText.isStorable(type) else { return nil }
        return try await lookup("id token", key: "\(idToken)/\(type)") { db in
            try Self.fetchIdToken(db, idToken, type: type)
        }
    }

    public func idTokens() async throws(StorageError) -> [IdTokenRecord] {
        try await read("id token", key: "*") { db in
            try IdTokenRecord.order(Column("idToken"), Column("type")).fetchAll(db)
        }
    }

    public func deleteIdToken(_ idToken: String, type: String) async throws(StorageError) {
        guard StoredText.isStorable(idToken), StoredText.isStorable(type) else {
            throw StorageError.notFound("id token", key: "\(idToken.replacingNul())/\(type.replacingNul())")
        }
        try await write("id token", key: "\(idToken)/\(type)") { db in
            try db.execute(literal: "DELETE FROM idToken WHERE idToken = \(idToken) AND type = \(type)")
            if db.changesCount == 0 {
                throw StorageError.notFound("id token", key: "\(idToken)/\(type)")
            }
        }
    }

    private static func fetchIdToken(_ db: Database, _ idToken: String, type: String) throws -> IdTokenRecord? {
        // The column's NOCASE collation makes `=` case-insensitive, as OCPP requires.
        let select = try db.cachedStatement(
            sql: "SELECT idToken, type, status, expiresAt, groupId, createdAt, updatedAt FROM idToken WHERE idToken = ? AND type = ?")
        return try Row.fetchOne(select, arguments: [idToken, type]).map { row in
            // Positional columns: GRDB's Codable row decoding showed up at thousands of Authorize a second.
            IdTokenRecord(
                idToken: row[0], type: row[1], status: row[2],
                expiresAt: (row[3] as Int64?).map(Date.init(millisecondsSince1970:)), groupId: row[4],
                createdAt: Date(millisecondsSince1970: row[5]), updatedAt: Date(millisecondsSince1970: row[6]))
        }
    }
}
