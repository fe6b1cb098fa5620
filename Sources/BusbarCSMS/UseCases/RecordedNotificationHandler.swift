import Foundation
import BusbarStorage
import OCPP

/// Station notifications whose content the CSMS keeps for the operator (firmware and log upload
/// progress, charging limits, reservation updates, …) and acknowledges with a fixed answer.
/// Later modules (firmware management, smart charging) subscribe to what they need.
struct RecordedNotificationHandler<Request: OCPPRequest>: CallHandler {
    let services: CSMSServices
    let respond: @Sendable (Request, StationContext) -> Request.Response
    var onStored: (@Sendable (Request, StationContext) -> Void)? = nil

    func handle(_ request: Request, context: StationContext) async throws -> Request.Response {
        try await handle(request, payload: try OCPPCoding.encode(request), context: context)
    }

    func handle(_ request: Request, payload: JSONValue, context: StationContext) async throws -> Request.Response {
        let payload = payload.serialized()
        let store = services.store
        let stationId = context.stationId
        _ = try await services.durable(Request.action.rawValue) {
            try await store.appendNotification(stationId: stationId, kind: Request.action.rawValue, payload: payload, at: Date())
        }
        onStored?(request, context)
        return respond(request, context)
    }
}
