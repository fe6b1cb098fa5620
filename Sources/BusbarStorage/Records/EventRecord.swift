import Foundation

/// One EventDataType of a NotifyEvent message (N07): the columns operators filter on, plus the
/// whole event as JSON.
public struct EventRecord: Codable, Sendable, Hashable {
    /// Assigned by the store.
    public var id: Int64?
    /// The reporting station.
    public var stationId: String
    /// NotifyEventRequest.generatedAt.
    public var generatedAt: Date
    /// NotifyEventRequest.seqNo: the part of a multi-part notification.
    public var seqNo: Int
    /// EventDataType.eventId, chosen by the station.
    public var eventId: Int
    /// When the event happened.
    public var timestamp: Date
    /// EventTriggerEnumType string: Alerting, Delta, Periodic.
    public var trigger: String
    /// The variable's value at the event.
    public var actualValue: String
    /// EventNotificationEnumType string: HardWiredNotification, HardWiredMonitor, …
    public var eventNotificationType: String
    /// component.name.
    public var componentName: String
    /// component.instance.
    public var componentInstance: String?
    /// component.evse.id.
    public var evseId: Int?
    /// component.evse.connectorId.
    public var connectorId: Int?
    /// variable.name.
    public var variableName: String
    /// variable.instance.
    public var variableInstance: String?
    /// The whole EventDataType as JSON (cause, techCode, cleared, …).
    public var payload: String

    /// Makes an event record.
    public init(
        id: Int64? = nil,
        stationId: String,
        generatedAt: Date,
        seqNo: Int,
        eventId: Int,
        timestamp: Date,
        trigger: String,
        actualValue: String,
        eventNotificationType: String,
        componentName: String,
        componentInstance: String? = nil,
        evseId: Int? = nil,
        connectorId: Int? = nil,
        variableName: String,
        variableInstance: String? = nil,
        payload: String
    ) {
        self.id = id
        self.stationId = stationId
        self.generatedAt = generatedAt
        self.seqNo = seqNo
        self.eventId = eventId
        self.timestamp = timestamp
        self.trigger = trigger
        self.actualValue = actualValue
        self.eventNotificationType = eventNotificationType
        self.componentName = componentName
        self.componentInstance = componentInstance
        self.evseId = evseId
        self.connectorId = connectorId
        self.variableName = variableName
        self.variableInstance = variableInstance
        self.payload = payload
    }
}
