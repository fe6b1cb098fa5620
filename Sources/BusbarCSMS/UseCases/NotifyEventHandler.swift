import BusbarStorage
import OCPP

/// N07 (and G05 connector availability events) — the station reports monitored events.
struct NotifyEventHandler: CallHandler {
    let services: CSMSServices

    func handle(_ request: NotifyEventRequest, context: StationContext) async throws -> NotifyEventResponse {
        let events = request.eventData.map { data in
            EventRecord(
                stationId: context.stationId,
                generatedAt: request.generatedAt,
                seqNo: request.seqNo,
                eventId: data.eventId,
                timestamp: data.timestamp,
                trigger: data.trigger.rawValue,
                actualValue: data.actualValue,
                eventNotificationType: data.eventNotificationType.rawValue,
                componentName: data.component.name,
                componentInstance: data.component.instance,
                evseId: data.component.evse?.id,
                connectorId: data.component.evse?.connectorId,
                variableName: data.variable.name,
                variableInstance: data.variable.instance,
                payload: (try? OCPPCoding.encode(data).serialized()) ?? "{}")
        }
        let store = services.store
        try await services.durable("events") { try await store.appendEvents(events) }
        return NotifyEventResponse()
    }
}
