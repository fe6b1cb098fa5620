import BusbarStorage
import Foundation
import Testing

/// `APIKeyStore` on SQLite (migration v4-api-keys): keys found by hash, revoked for good, counted.
@Suite("API key store")
struct APIKeyStoreTests {
    @Test("a key is found by its hash, listed, revoked once, and no longer counted as active")
    func createFindRevoke() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path, station: nil)
        #expect(try await store.activeAPIKeyCount() == 0)
        let created = try await store.createAPIKey(
            APIKeyRecord(id: "key_1", name: "ops", role: "utility", keyHash: "hash-1", siteIds: ["SITE-1", "SITE-2"]))
        #expect(try await store.apiKey(hash: "hash-1") == created)
        #expect(try await store.apiKey(hash: "hash-2") == nil)
        #expect(try await store.activeAPIKeyCount() == 1)
        let revoked = try await store.revokeAPIKey(id: "key_1")
        #expect(revoked.revokedAt != nil)
        #expect(try await store.revokeAPIKey(id: "key_1").revokedAt == revoked.revokedAt)
        #expect(try await store.activeAPIKeyCount() == 0)
        #expect(try await store.apiKeys().map(\.siteIds) == [["SITE-1", "SITE-2"]])
        try await store.close()
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.apiKey(hash: "hash-1")?.revokedAt == revoked.revokedAt)
        try await reopened.close()
    }

    @Test("a duplicate hash is a conflict, an unknown role or id is refused, revoking a missing key is notFound")
    func rules() async throws {
        let store = try await makeStore(station: nil)
        _ = try await store.createAPIKey(APIKeyRecord(id: "key_1", name: "", role: "operator", keyHash: "same"))
        await #expect(throws: StorageError.self) {
            _ = try await store.createAPIKey(APIKeyRecord(id: "key_2", name: "", role: "operator", keyHash: "same"))
        }
        do {
            _ = try await store.createAPIKey(APIKeyRecord(id: "key_3", name: "", role: "root", keyHash: "other"))
            Issue.record("an unknown role was stored")
        } catch {
            #expect(error.code == .invalid)
        }
        do {
            _ = try await store.revokeAPIKey(id: "key_missing")
            Issue.record("revoking a missing key succeeded")
        } catch {
            #expect(error.code == .notFound)
        }
        try await store.close()
    }
}
