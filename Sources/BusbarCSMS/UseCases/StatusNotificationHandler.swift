import BusbarStorage
import OCPP

/// G01 — a connector's status changed; stored as history and as the connector's current status.
struct StatusNotificationHandler: CallHandler {
    let services: CSMSServices

    func handle(_ request: StatusNotificationRequest, context: StationContext) async throws -> StatusNotificationResponse {
        let record = ConnectorStatusRecord(
            stationId: context.stationId, evseId: request.evseId, connectorId: request.connectorId,
            status: request.connectorStatus.rawValue, timestamp: request.timestamp)
        let store = services.store
        try await services.durable("connector status") { try await store.recordConnectorStatus(record) }
        services.events.publish(
            .connectorStatusChanged(
                stationId: context.stationId, evseId: request.evseId, connectorId: request.connectorId,
                status: request.connectorStatus, at: request.timestamp))
        return StatusNotificationResponse()
    }
}
