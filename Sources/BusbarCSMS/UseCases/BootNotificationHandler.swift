import BusbarStorage
import Foundation
import OCPP

/// B01–B03 — a station boots and asks whether it may operate. The answer follows the station's
/// configured boot policy (C-44, AQ: Pending or Rejected first), with the heartbeat interval when
/// Accepted and the retry interval otherwise (B02.FR.01, B03.FR.01).
struct BootNotificationHandler: CallHandler {
    let services: CSMSServices

    func handle(_ request: BootNotificationRequest, context: StationContext) async throws -> BootNotificationResponse {
        let store = services.store
        let stationId = context.stationId
        guard let station = try await services.durable("station lookup", { try await store.station(id: stationId) }) else {
            throw CSMSError.securityError("station '\(stationId)' is no longer registered")
        }
        let status: RegistrationStatusEnumType =
            switch station.bootPolicy {
            case .accepted: .accepted
            case .pending: .pending
            case .rejected: .rejected
            }
        let now = Date()
        let cs = request.chargingStation
        let info = BootInfo(
            vendorName: cs.vendorName, model: cs.model, serialNumber: cs.serialNumber,
            firmwareVersion: cs.firmwareVersion, iccid: cs.modem?.iccid, imsi: cs.modem?.imsi)
        _ = try await services.durable("boot of '\(stationId)'") {
            try await store.recordBoot(stationId: stationId, info: info, reason: request.reason.rawValue, status: status.rawValue, at: now)
        }
        context.setRegistration(RegistrationState(status))
        services.events.publish(.stationBooted(stationId: stationId, request: request, status: status))
        let interval = status == .accepted ? services.configuration.heartbeatInterval : services.configuration.bootRetryInterval
        return BootNotificationResponse(currentTime: now, interval: interval, status: status)
    }
}
