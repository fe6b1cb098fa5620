import Foundation

/// A SecurityEventNotification (A04): kept because security events must be auditable later.
public struct SecurityEventRecord: Codable, Sendable, Hashable {
    /// Assigned by the store.
    public var id: Int64?
    /// The reporting station.
    public var stationId: String
    /// The security event type, e.g. "FirmwareUpdated" or "InvalidCsmsCertificate".
    public var type: String
    /// When it happened, by the station's clock.
    public var timestamp: Date
    /// Free text the station added.
    public var techInfo: String?
    /// When the CSMS stored it.
    public var receivedAt: Date

    /// Makes a security event record.
    public init(
        id: Int64? = nil, stationId: String, type: String, timestamp: Date, techInfo: String? = nil,
        receivedAt: Date = Date()
    ) {
        self.id = id
        self.stationId = stationId
        self.type = type
        self.timestamp = timestamp
        self.techInfo = techInfo
        self.receivedAt = receivedAt
    }
}
