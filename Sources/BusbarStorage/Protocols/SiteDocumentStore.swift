import Foundation

/// Site descriptions written through the API, durable across restarts.
public protocol SiteDocumentStore: Sendable {
    /// Creates or replaces the site's document; the store stamps `updatedAt`.
    func putSiteDocument(_ site: SiteDocumentRecord) async throws(StorageError) -> SiteDocumentRecord
    /// The stored document of a site, or nil.
    func siteDocument(id: String) async throws(StorageError) -> SiteDocumentRecord?
    /// Every stored document, by id.
    func siteDocuments() async throws(StorageError) -> [SiteDocumentRecord]
}
