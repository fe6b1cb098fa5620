import Foundation

/// The operator API's keys, kept apart from `CSMSStore` so that a PostgreSQL backend (or a
/// secrets service) can hold them on their own. Keys are looked up by hash on every request
/// the server has not verified recently, so `apiKey(hash:)` must be a point lookup.
public protocol APIKeyStore: Sendable {
    /// Adds a key; the store stamps `createdAt`. Throws `.conflict` when the id or hash exists.
    func createAPIKey(_ key: APIKeyRecord) async throws(StorageError) -> APIKeyRecord
    /// The key with this hash, revoked or not, or nil.
    func apiKey(hash: String) async throws(StorageError) -> APIKeyRecord?
    /// Every key, revoked ones included, oldest first.
    func apiKeys() async throws(StorageError) -> [APIKeyRecord]
    /// Marks a key revoked (again is a no-op that keeps the first date). Throws `.notFound`.
    func revokeAPIKey(id: String) async throws(StorageError) -> APIKeyRecord
    /// How many keys are not revoked: none means the API runs open (on loopback only).
    func activeAPIKeyCount() async throws(StorageError) -> Int
}
