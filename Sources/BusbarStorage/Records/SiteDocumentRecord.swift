import Foundation

/// A site description sent through the API (`PUT /api/v1/sites/{id}`), kept as the JSON text
/// that was validated, so a restart serves the same site even if the capacity file differs.
public struct SiteDocumentRecord: Codable, Sendable, Hashable, Identifiable {
    /// The site's id (the document's own `id`).
    public var id: String
    /// The site as JSON text, already validated against the site schema by the energy layer.
    public var document: String
    /// Stamped by the store on every write.
    public var updatedAt: Date
    /// The API key that wrote it (nil when the API ran open on loopback).
    public var updatedByKeyId: String?

    /// Makes a record; the store stamps `updatedAt`.
    public init(id: String, document: String, updatedAt: Date = Date(), updatedByKeyId: String? = nil) {
        self.id = id
        self.document = document
        self.updatedAt = updatedAt
        self.updatedByKeyId = updatedByKeyId
    }

    func validate() throws(StorageError) {
        try StoredText.check("site", key: id.replacingNul(), [("id", id), ("document", document), ("updatedByKeyId", updatedByKeyId)])
        if id.isEmpty || id.count > 128 { throw .invalid("site", key: id, field: "id", reason: "must be 1…128 characters") }
    }
}
