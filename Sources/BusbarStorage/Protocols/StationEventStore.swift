import Foundation

/// What stations report about themselves outside transactions: security events, NotifyEvent data
/// and other notifications, each listed newest first.
public protocol StationEventStore: Sendable {
    /// Stores a SecurityEventNotification; returns it with its id.
    func appendSecurityEvent(
        stationId: String, type: String, timestamp: Date, techInfo: String?
    ) async throws(StorageError) -> SecurityEventRecord
    /// The station's security events, newest first.
    func securityEvents(stationId: String, limit: Int) async throws(StorageError) -> [SecurityEventRecord]
    /// Stores the events of one NotifyEvent message in one transaction.
    func appendEvents(_ events: [EventRecord]) async throws(StorageError)
    /// The station's NotifyEvent events, newest first.
    func events(stationId: String, limit: Int) async throws(StorageError) -> [EventRecord]
    /// Stores a notification that has no table of its own; returns it with its id.
    func appendNotification(
        stationId: String, kind: String, payload: String, at: Date
    ) async throws(StorageError) -> StationNotificationRecord
    /// The station's notifications, optionally of one kind, newest first.
    func notifications(stationId: String, kind: String?, limit: Int) async throws(StorageError)
        -> [StationNotificationRecord]
}
