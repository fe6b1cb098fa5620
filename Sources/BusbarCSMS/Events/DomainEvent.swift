import Foundation
import OCPP

/// Something that happened at a charging station, published after it is durable so that other
/// modules (the energy manager, billing, the API's live views) can react without polling storage.
public enum DomainEvent: Sendable {
    /// A station's WebSocket connection was accepted.
    case stationConnected(stationId: String, securityProfile: Int)
    /// A station's WebSocket connection closed (or was replaced by a newer one).
    case stationDisconnected(stationId: String)
    /// A BootNotification was answered; `status` is what the CSMS answered.
    case stationBooted(stationId: String, request: BootNotificationRequest, status: RegistrationStatusEnumType)
    /// A connector reported a new status (G01).
    case connectorStatusChanged(stationId: String, evseId: Int, connectorId: Int, status: ConnectorStatusEnumType, at: Date)
    /// A TransactionEvent with `eventType = Started` was stored.
    case transactionStarted(stationId: String, event: TransactionEventRequest)
    /// A TransactionEvent with `eventType = Updated` was stored.
    case transactionUpdated(stationId: String, event: TransactionEventRequest)
    /// A TransactionEvent with `eventType = Ended` was stored.
    case transactionEnded(stationId: String, event: TransactionEventRequest)
    /// Meter values outside a TransactionEvent were stored (MeterValuesRequest, J01).
    case meterValues(stationId: String, evseId: Int, values: [MeterValueType])
    /// The EV announced its charging needs over ISO 15118 (K15).
    case evChargingNeeds(stationId: String, request: NotifyEVChargingNeedsRequest)
    /// A station reported installed charging profiles after a GetChargingProfiles (K09).
    case chargingProfilesReported(stationId: String, request: ReportChargingProfilesRequest)

    /// The station the event concerns, for filtering subscriptions.
    public var stationId: String {
        switch self {
        case .stationConnected(let id, _), .stationDisconnected(let id), .stationBooted(let id, _, _),
            .connectorStatusChanged(let id, _, _, _, _), .transactionStarted(let id, _),
            .transactionUpdated(let id, _), .transactionEnded(let id, _), .meterValues(let id, _, _),
            .evChargingNeeds(let id, _), .chargingProfilesReported(let id, _):
            return id
        }
    }
}
