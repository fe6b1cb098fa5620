import Foundation

/// One key of the operator API: who may call it and how far. The key itself is never stored,
/// only a hash of it (`keyHash`), so a copy of the database does not open the API.
public struct APIKeyRecord: Codable, Sendable, Hashable, Identifiable {
    /// Longest name accepted: enough for "grafana-read-only on ops-2", short enough for a table.
    public static let maxNameLength = 64
    /// The roles a key can have; the domain layer gives them meaning (`APIRole`).
    public static let knownRoles: Set<String> = ["operator", "viewer", "utility"]

    /// Public identifier, shown by `busbar keys list` and used to revoke; not a secret.
    public var id: String
    /// What the operator called it, to tell keys apart.
    public var name: String
    /// `operator`, `viewer` or `utility`.
    public var role: String
    /// Hex SHA-256 of the key, made by the domain layer; unique.
    public var keyHash: String
    /// The sites a `utility` key is limited to; empty for the other roles.
    public var siteIds: [String]
    /// Stamped by the store when the key is created.
    public var createdAt: Date
    /// Set once the key is revoked; a revoked key is refused but kept for the record.
    public var revokedAt: Date?

    /// Makes a key record; the store stamps `createdAt`.
    public init(
        id: String, name: String, role: String, keyHash: String, siteIds: [String] = [], createdAt: Date = Date(),
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.keyHash = keyHash
        self.siteIds = siteIds
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// True until the key is revoked.
    public var isActive: Bool { revokedAt == nil }

    func validate() throws(StorageError) {
        if id.isEmpty || id.count > 64 { throw .invalid("api key", key: id, field: "id", reason: "must be 1…64 characters") }
        if name.count > Self.maxNameLength {
            throw .invalid("api key", key: id, field: "name", reason: "must be at most \(Self.maxNameLength) characters")
        }
        if !Self.knownRoles.contains(role) {
            throw .invalid("api key", key: id, field: "role", reason: "is '\(role)'; it must be one of \(Self.knownRoles.sorted())")
        }
        if keyHash.isEmpty { throw .invalid("api key", key: id, field: "keyHash", reason: "must not be empty") }
    }
}
