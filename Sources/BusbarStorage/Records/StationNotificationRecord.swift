import Foundation

/// A notification a station sent that needs no table of its own (FirmwareStatusNotification,
/// LogStatusNotification, NotifyChargingLimit, …), kept whole for the operator's timeline.
public struct StationNotificationRecord: Codable, Sendable, Hashable {
    /// Assigned by the store.
    public var id: Int64?
    /// The sending station.
    public var stationId: String
    /// The OCPP action name, e.g. "FirmwareStatusNotification".
    public var kind: String
    /// The request payload as JSON.
    public var payload: String
    /// When it was received (or the station's timestamp, when the message has one).
    public var at: Date

    /// Makes a notification record.
    public init(id: Int64? = nil, stationId: String, kind: String, payload: String, at: Date) {
        self.id = id
        self.stationId = stationId
        self.kind = kind
        self.payload = payload
        self.at = at
    }
}
