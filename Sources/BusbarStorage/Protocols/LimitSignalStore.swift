import Foundation

/// The limit signals of every site, durable so a restart keeps them. Kept apart from
/// `CSMSStore` because only the energy manager and its API use them.
public protocol LimitSignalStore: Sendable {
    /// Stores a signal (the store stamps `createdAt`). When `externalId` is set and a signal of
    /// the same site, source and external id exists, returns that one with `created == false`
    /// and stores nothing, so a sender can retry a POST safely.
    func createLimitSignal(_ signal: LimitSignalRecord) async throws(StorageError) -> (signal: LimitSignalRecord, created: Bool)
    /// The signal with this id on this site, or nil.
    func limitSignal(siteId: String, id: String) async throws(StorageError) -> LimitSignalRecord?
    /// The site's signals that end after `endingAfter` (nil: all), withdrawn ones only when asked,
    /// ordered by start.
    func limitSignals(siteId: String, endingAfter: Date?, includeWithdrawn: Bool) async throws(StorageError) -> [LimitSignalRecord]
    /// Stamps a signal withdrawn (again is a no-op that keeps the first stamp). Throws `.notFound`.
    func withdrawLimitSignal(siteId: String, id: String, byKeyId: String?) async throws(StorageError) -> LimitSignalRecord
}
