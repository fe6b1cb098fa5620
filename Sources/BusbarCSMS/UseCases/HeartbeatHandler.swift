import Foundation
import OCPP

/// G02 — the station checks it is alive and syncs its clock (G02.FR.01: reply with current time).
struct HeartbeatHandler: CallHandler {
    func handle(_ request: HeartbeatRequest, context: StationContext) async throws -> HeartbeatResponse {
        HeartbeatResponse(currentTime: Date())
    }
}
