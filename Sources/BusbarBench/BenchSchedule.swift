import Synchronization

/// The open-loop schedule: message m is due at start + m / rate and goes to station m mod N.
/// The driver calls `fireDue` at most once a millisecond and it sends whatever fell due since.
final class BenchSchedule: Sendable {
    private let stations: [BenchStation]
    private let stats: BenchStats
    private let start: ContinuousClock.Instant
    private let measureFrom: ContinuousClock.Instant
    private let end: ContinuousClock.Instant
    private let total: Int
    private let rate: Double
    /// The next message to send; `total` once the schedule is done.
    private let next = Mutex(0)
    private let reportedDone = Atomic(false)

    init(
        stations: [BenchStation], stats: BenchStats, start: ContinuousClock.Instant, measureFrom: ContinuousClock.Instant,
        end: ContinuousClock.Instant, total: Int, rate: Double
    ) {
        self.stations = stations
        self.stats = stats
        self.start = start
        self.measureFrom = measureFrom
        self.end = end
        self.total = total
        self.rate = rate
    }

    /// Sends every message due by `now`; true exactly once, on the call that finds the schedule done.
    func fireDue(now: ContinuousClock.Instant) -> Bool {
        let count = stations.count
        let finished = next.withLock { message -> Bool in
            while message < total {
                let intended = start + .seconds(Double(message) / rate)
                guard intended <= now else { break }
                let station = stations[message % count]
                let measured = intended >= measureFrom && intended < end
                if measured { stats.recordScheduled(station: station.index) }
                let second = measured ? Int((intended - measureFrom) / .seconds(1)) : 0
                station.fire(BenchStation.Due(intended: intended, measured: measured, second: second))
                message += 1
            }
            return message >= total
        }
        guard finished else { return false }
        return !reportedDone.exchange(true, ordering: .relaxed)
    }
}
