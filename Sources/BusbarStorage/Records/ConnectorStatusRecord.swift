import Foundation

/// The status a station reported for one connector (StatusNotification, G01), kept as current
/// state and as history.
public struct ConnectorStatusRecord: Codable, Sendable, Hashable {
    /// The station that reported.
    public var stationId: String
    /// The EVSE the connector belongs to (> 0).
    public var evseId: Int
    /// The connector on that EVSE (> 0).
    public var connectorId: Int
    /// The ConnectorStatusEnumType string: Available, Occupied, Reserved, Unavailable, Faulted.
    public var status: String
    /// When the status changed, by the station's clock.
    public var timestamp: Date

    /// Makes a status report.
    public init(stationId: String, evseId: Int, connectorId: Int, status: String, timestamp: Date) {
        self.stationId = stationId
        self.evseId = evseId
        self.connectorId = connectorId
        self.status = status
        self.timestamp = timestamp
    }
}
