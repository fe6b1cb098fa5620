import BusbarStorage
import Foundation

/// The operator's commands on API keys (`busbar keys …`): issue, list, revoke. A key is shown
/// once, when issued; only its hash is stored.
public struct APIKeyAdministration: Sendable {
    /// A key just issued: the record as stored and the key itself, which nobody can see again.
    public struct IssuedKey: Sendable {
        /// The stored record (holds only the hash).
        public let record: APIKeyRecord
        /// The bearer key to hand to the client.
        public let key: String
    }

    let store: any APIKeyStore

    /// Creates the command set over a key store.
    public init(store: any APIKeyStore) {
        self.store = store
    }

    /// Issues a key. `utility` keys need at least one site; the other roles take none.
    public func add(role: APIRole, name: String?, siteIds: [String] = []) async throws(OperatorError) -> IssuedKey {
        let name = name ?? ""
        if name.count > APIKeyRecord.maxNameLength {
            throw OperatorError(.invalid, field: "name", "must be at most \(APIKeyRecord.maxNameLength) characters")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw OperatorError(.invalid, field: "name", "must not contain control characters")
        }
        if role == .utility, siteIds.isEmpty {
            throw OperatorError(.invalid, field: "site", "a utility key is limited to its sites: give at least one --site ID")
        }
        if role != .utility, !siteIds.isEmpty {
            throw OperatorError(.invalid, field: "site", "only utility keys are limited to sites; \(role.rawValue) keys see every site")
        }
        for site in siteIds {
            if let problem = StationIdentity.problem(with: site) { throw OperatorError(.invalid, field: "site", "'\(site)' \(problem)") }
        }
        let key = APIKeySecret.generate()
        let record = APIKeyRecord(
            id: APIKeySecret.newId(), name: name, role: role.rawValue, keyHash: APIKeySecret.hash(key),
            siteIds: Array(Set(siteIds)).sorted())
        do {
            return IssuedKey(record: try await store.createAPIKey(record), key: key)
        } catch {
            throw OperatorError(.storage, "could not store the API key: \(error)")
        }
    }

    /// Every key, revoked ones included, oldest first.
    public func list() async throws(OperatorError) -> [APIKeyRecord] {
        do {
            return try await store.apiKeys()
        } catch {
            throw OperatorError(.storage, "could not read API keys: \(error)")
        }
    }

    /// Revokes a key; a running server refuses it within a second (`APIKeyVerifier`'s cache).
    public func revoke(id: String) async throws(OperatorError) -> APIKeyRecord {
        do {
            return try await store.revokeAPIKey(id: id)
        } catch  where error.code == .notFound {
            throw OperatorError(.notFound, field: "id", "no API key '\(id)'; `busbar keys list` shows the ids")
        } catch {
            throw OperatorError(.storage, "could not revoke API key '\(id)': \(error)")
        }
    }
}
