/// The CSMS's own list of id tokens, which Authorize and TransactionEvent answers come from.
public protocol IdTokenStore: Sendable {
    /// Adds or replaces a token (keeping its `createdAt`); returns it as stored.
    func upsertIdToken(_ token: IdTokenRecord) async throws(StorageError) -> IdTokenRecord
    /// The token, matched case-insensitively as OCPP requires, or nil.
    func idToken(_ idToken: String, type: String) async throws(StorageError) -> IdTokenRecord?
    /// All tokens, by token and type.
    func idTokens() async throws(StorageError) -> [IdTokenRecord]
    /// Removes a token. Throws `.notFound`.
    func deleteIdToken(_ idToken: String, type: String) async throws(StorageError)
}
