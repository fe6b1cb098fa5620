import Foundation

/// An identifier the CSMS knows, and how it answers Authorize for it (C01) — the central list.
public struct IdTokenRecord: Codable, Sendable, Hashable {
    /// OCPP 2.0.1 IdTokenType.idToken is at most 36 characters.
    public static let maxTokenLength = 36
    /// The IdTokenEnumType values; the type is part of the key, so a misspelling would make a new token.
    public static let knownTypes: Set<String> = [
        "Central", "eMAID", "ISO14443", "ISO15693", "KeyCode", "Local", "MacAddress", "NoAuthorization",
    ]

    /// The identifier; OCPP says it is case insensitive, and so are the store's look-ups.
    public var idToken: String
    /// The IdTokenEnumType string.
    public var type: String
    /// The AuthorizationStatusEnumType string answered for it (Accepted, Blocked, …).
    public var status: String
    /// After this instant the CSMS answers Expired.
    public var expiresAt: Date?
    /// Group identifier (IdTokenInfo.groupIdToken.idToken), to let a group stop each other's sessions.
    public var groupId: String?
    /// Stamped by the store when the token is first stored.
    public var createdAt: Date
    /// Stamped by the store on every upsert.
    public var updatedAt: Date

    /// Makes a token; the store stamps the dates.
    public init(
        idToken: String,
        type: String,
        status: String = "Accepted",
        expiresAt: Date? = nil,
        groupId: String? = nil,
        createdAt: Date = Date(),
        updatedAt: Date = Date()
    ) {
        self.idToken = idToken
        self.type = type
        self.status = status
        self.expiresAt = expiresAt
        self.groupId = groupId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    func validate() throws(StorageError) {
        let key = "\(idToken)/\(type)"
        try StoredText.check("id token", key: key, [("idToken", idToken), ("type", type), ("status", status), ("groupId", groupId)])
        if idToken.isEmpty || idToken.count > Self.maxTokenLength {
            throw .invalid(
                "id token", key: key, field: "idToken", reason: "must be 1…\(Self.maxTokenLength) characters")
        }
        if !Self.knownTypes.contains(type) {
            throw .invalid(
                "id token", key: key, field: "type",
                reason: "must be one of \(Self.knownTypes.sorted().joined(separator: ", "))")
        }
    }
}
