import BusbarEnergy
import Foundation

/// Runs one site's `Scheduler` on its own serial queue: a plan is CPU work of up to a second
/// that must not occupy Swift's cooperative threads (the OCPP message path runs there), and
/// GLPK wants each problem created, solved and deleted in one synchronous call on one thread.
/// The scheduler (and its warm-start basis) is touched only on `queue`.
final class PlanningWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    private let scheduler: Scheduler

    init(site: Site, slotMinutes: Int) {
        self.queue = DispatchQueue(label: "busbar.planner.\(site.id)")
        self.scheduler = Scheduler(site: site, slotMinutes: slotMinutes)
    }

    /// Plans on the worker's queue and resumes with the plan or GLPK's failure.
    func plan(at now: Date, needs: [EnergyNeed], envelopes: [LimitEnvelope], held: [HeldDraw]) async throws -> Plan {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try self.scheduler.plan(at: now, needs: needs, envelopes: envelopes, held: held))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
