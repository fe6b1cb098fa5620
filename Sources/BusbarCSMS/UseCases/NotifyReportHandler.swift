import BusbarStorage
import OCPP

/// B07/B08 — the station's device model arrives in parts (seqNo, tbc); every variable attribute
/// is stored so the operator sees the station's configuration inventory.
struct NotifyReportHandler: CallHandler {
    let services: CSMSServices

    func handle(_ request: NotifyReportRequest, context: StationContext) async throws -> NotifyReportResponse {
        var variables: [DeviceModelVariableRecord] = []
        for item in request.reportData ?? [] {
            let characteristics = item.variableCharacteristics.flatMap { try? OCPPCoding.encode($0).serialized() }
            for attribute in item.variableAttribute {
                variables.append(
                    DeviceModelVariableRecord(
                        stationId: context.stationId,
                        componentName: item.component.name,
                        componentInstance: item.component.instance,
                        evseId: item.component.evse?.id,
                        connectorId: item.component.evse?.connectorId,
                        variableName: item.variable.name,
                        variableInstance: item.variable.instance,
                        attributeType: (attribute.type ?? .actual).rawValue,
                        value: attribute.value,
                        mutability: attribute.mutability?.rawValue,
                        characteristics: characteristics))
            }
        }
        let store = services.store
        let stationId = context.stationId
        _ = try await services.durable("report part \(request.requestId)#\(request.seqNo)") {
            try await store.storeReportPart(
                ReportPartRecord(
                    stationId: stationId, requestId: request.requestId, seqNo: request.seqNo,
                    tbc: request.tbc ?? false, generatedAt: request.generatedAt, variableCount: variables.count),
                variables: variables)
        }
        return NotifyReportResponse()
    }
}
