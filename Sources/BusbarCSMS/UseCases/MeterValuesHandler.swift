import BusbarStorage
import OCPP

/// J01 — meter values sampled outside a transaction (or on the whole station, evseId 0).
struct MeterValuesHandler: CallHandler {
    let services: CSMSServices

    func handle(_ request: MeterValuesRequest, context: StationContext) async throws -> MeterValuesResponse {
        let records = MeterValueRecords.make(
            stationId: context.stationId, transactionId: nil, evseId: request.evseId, meterValues: request.meterValue)
        let store = services.store
        let stationId = context.stationId
        try await services.durable("meter values") {
            try await store.appendMeterValues(records)
        }
        services.events.publish(.meterValues(stationId: stationId, evseId: request.evseId, values: request.meterValue))
        return MeterValuesResponse()
    }
}
