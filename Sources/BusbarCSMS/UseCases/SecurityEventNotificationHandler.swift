import BusbarStorage
import OCPP

/// A04 — the station reports a security event (Part 2 appendix: security events list).
struct SecurityEventNotificationHandler: CallHandler {
    let services: CSMSServices

    func handle(_ request: SecurityEventNotificationRequest, context: StationContext) async throws -> SecurityEventNotificationResponse {
        let store = services.store
        let stationId = context.stationId
        _ = try await services.durable("security event") {
            try await store.appendSecurityEvent(
                stationId: stationId, type: request.type, timestamp: request.timestamp, techInfo: request.techInfo)
        }
        return SecurityEventNotificationResponse()
    }
}
