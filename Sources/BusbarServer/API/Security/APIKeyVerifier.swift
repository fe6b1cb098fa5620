import BusbarCSMS
import BusbarStorage
import Synchronization

/// Checks bearer keys against the key store, remembering what it read for `cacheLifetime` so a
/// busy client costs a SHA-256 and a dictionary lookup per request instead of a database read.
/// `busbar keys add` and `revoke` write the database directly (the server may be running), so
/// the cache is short-lived rather than invalidated: a revocation is in force within a second.
final class APIKeyVerifier: Sendable {
    /// What a key in a request turned out to be.
    enum Outcome: Sendable, Equatable {
        case valid(APIGrant, keyId: String)
        case unknown
        case revoked(keyId: String)
    }

    /// How long a looked-up key (or the count of active keys) is trusted: one second, the
    /// promise made for revocation, and long enough that a client sending thousands of requests
    /// a second reads its key once a second.
    static let cacheLifetime: Duration = .seconds(1)
    /// Entries kept at most; random keys from a scanner are not cached, so this bounds only a
    /// flood of distinct valid keys.
    static let maxCachedKeys = 10_000

    private struct Entry {
        var record: APIKeyRecord
        var readAt: ContinuousClock.Instant
    }

    private let store: any APIKeyStore
    private let keys = Mutex<[String: Entry]>([:])
    private let activeCount = Mutex<(count: Int, readAt: ContinuousClock.Instant)?>(nil)

    init(store: any APIKeyStore) {
        self.store = store
    }

    /// True when at least one key is not revoked (read at most once per `cacheLifetime`).
    func hasActiveKeys() async throws(StorageError) -> Bool {
        let now = ContinuousClock.now
        if let cached = activeCount.withLock({ $0 }), now - cached.readAt < Self.cacheLifetime { return cached.count > 0 }
        let count = try await store.activeAPIKeyCount()
        activeCount.withLock { $0 = (count, now) }
        return count > 0
    }

    /// What `key` is: valid with its grant, unknown, or revoked.
    func verify(_ key: String) async throws(StorageError) -> Outcome {
        let hash = APIKeySecret.hash(key)
        let now = ContinuousClock.now
        let record: APIKeyRecord
        if let cached = keys.withLock({ $0[hash] }), now - cached.readAt < Self.cacheLifetime {
            record = cached.record
        } else {
            guard let found = try await store.apiKey(hash: hash) else { return .unknown }
            record = found
            keys.withLock { keys in
                if keys.count >= Self.maxCachedKeys { keys.removeAll(keepingCapacity: true) }
                keys[hash] = Entry(record: found, readAt: now)
            }
        }
        guard record.isActive else { return .revoked(keyId: record.id) }
        guard let role = APIRole(rawValue: record.role) else { return .unknown }
        return .valid(APIGrant(role: role, siteIds: Set(record.siteIds)), keyId: record.id)
    }
}
