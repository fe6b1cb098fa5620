import Foundation
import Synchronization

/// How busy the planning lanes are, so plans spread out when many sites are busy: each site
/// waits at least long enough between its plans that all sites together keep the lanes busy
/// at most `busyShare` of the time, leaving the CPU to the message path (a new EV is capped by
/// its station's TxDefaultProfile meanwhile).
final class PlanningLoad: Sendable {
    private struct State {
        var meanMilliseconds = 0.0
        var sites = 0
    }
    private let state = Mutex(State())
    private let lanes: Int
    /// The share of the lanes' time plans may take when every site is busy.
    static let busyShare = 1.0 / 6

    /// Load over `lanes` planning lanes.
    init(lanes: Int = PlanningWorker.lanes.count) {
        self.lanes = max(1, lanes)
    }

    /// The number of sites planned.
    func setSites(_ count: Int) {
        state.withLock { $0.sites = count }
    }

    /// A plan took `milliseconds`.
    func planned(milliseconds: Double) {
        state.withLock { $0.meanMilliseconds = $0.meanMilliseconds == 0 ? milliseconds : 0.9 * $0.meanMilliseconds + 0.1 * milliseconds }
    }

    /// The least time between two plans of one site that keeps the lanes within `busyShare`.
    var interval: Duration {
        let (mean, sites) = state.withLock { ($0.meanMilliseconds, $0.sites) }
        return .milliseconds(Int64(mean * Double(sites) / Double(lanes) / Self.busyShare))
    }
}
