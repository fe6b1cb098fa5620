import BusbarEnergy
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs one site's `Scheduler` on its own serial queue: a plan is CPU work of up to a second
/// that must not occupy Swift's cooperative threads (the OCPP message path runs there), and
/// GLPK wants each problem created, solved and deleted in one synchronous call on one thread.
/// The scheduler (and its warm-start basis) is touched only on `queue`.
///
/// Every site's queue runs on one of a few shared lanes, one core fewer than the machine has
/// (at least one): however many sites plan at once, a core stays for the message path.
final class PlanningWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    private let scheduler: Scheduler

    /// The shared planning lanes.
    static let lanes: [DispatchQueue] = (0..<max(1, ProcessInfo.processInfo.activeProcessorCount - 1)).map {
        DispatchQueue(label: "busbar.planning.lane\($0)", qos: .utility)
    }

    init(site: Site, slotMinutes: Int) {
        var hash: UInt64 = 1469598103934665603
        for byte in site.id.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        let lane = Self.lanes[Int(hash % UInt64(Self.lanes.count))]
        self.queue = DispatchQueue(label: "busbar.planner.\(site.id)", target: lane)
        self.scheduler = Scheduler(site: site, slotMinutes: slotMinutes)
    }

    /// Plans on the worker's queue and resumes with the plan or GLPK's failure.
    func plan(at now: Date, needs: [EnergyNeed], envelopes: [LimitEnvelope], held: [HeldDraw]) async throws -> Plan {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                Self.yieldToTheMessagePath()
                do {
                    continuation.resume(returning: try self.scheduler.plan(at: now, needs: needs, envelopes: envelopes, held: held))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Lowers the calling lane thread's scheduling priority (nice 10) once: a plan is tens of
    /// milliseconds of CPU, and on a small host the kernel should hand the core to the threads
    /// answering stations first. Dispatch's QoS classes do not do this on Linux; with `who` 0 the
    /// nice value is the calling thread's own (Linux keeps it per thread).
    private static func yieldToTheMessagePath() {
        #if os(Linux)
        if Thread.current.threadDictionary["busbar.niced"] == nil {
            Thread.current.threadDictionary["busbar.niced"] = true
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        }
        #endif
    }
}
