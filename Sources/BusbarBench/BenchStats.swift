import Histogram
import Synchronization

/// Latency histograms and counters, sharded so thousands of station tasks rarely meet on one lock.
final class BenchStats: Sendable {
    /// Everything one shard has recorded.
    struct Figures: Sendable {
        /// Response time from the *intended* send time (open-loop, free of coordinated omission), µs.
        var latency: [BenchAction: Histogram<UInt64>] = [:]
        /// Time from the actual send to the response, µs.
        var service = BenchStats.makeHistogram()
        /// How late sends left compared to the schedule, µs.
        var scheduleLag = BenchStats.makeHistogram()
        var scheduled = 0
        var completed: [BenchAction: Int] = [:]
        var errors: [String: Int] = [:]
        /// Per measured second: answers slower than `BenchStats.slowMicros`, and the slowest one.
        var bySecond: [Int: (slow: Int, max: UInt64)] = [:]

        init() {
            for action in BenchAction.allCases { latency[action] = BenchStats.makeHistogram() }
        }

        mutating func merge(_ other: Figures) {
            for (action, histogram) in other.latency { latency[action]!.add(histogram) }
            service.add(other.service)
            scheduleLag.add(other.scheduleLag)
            scheduled += other.scheduled
            for (action, count) in other.completed { completed[action, default: 0] += count }
            for (kind, count) in other.errors { errors[kind, default: 0] += count }
            for (second, figures) in other.bySecond {
                let mine = bySecond[second, default: (0, 0)]
                bySecond[second] = (mine.slow + figures.slow, max(mine.max, figures.max))
            }
        }
    }

    private final class Shard: Sendable {
        let figures = Mutex(Figures())
    }

    private let shards: [Shard]
    /// The latency target of issue #2; the timeline counts the answers above it.
    static let slowMicros: UInt64 = 25_000

    init(shardCount: Int = 8) {
        shards = (0..<max(shardCount, 1)).map { _ in Shard() }
    }

    /// Up to 60 s at three significant digits: anything slower is a failure anyway.
    static func makeHistogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        return histogram
    }

    func recordScheduled(station: Int) {
        shards[station % shards.count].figures.withLock { $0.scheduled += 1 }
    }

    func recordSuccess(
        station: Int, action: BenchAction, second: Int, latencyMicros: UInt64, serviceMicros: UInt64, lagMicros: UInt64
    ) {
        shards[station % shards.count].figures.withLock {
            let slow = latencyMicros > Self.slowMicros ? 1 : 0
            let previous = $0.bySecond[second, default: (0, 0)]
            $0.bySecond[second] = (previous.slow + slow, max(previous.max, latencyMicros))
            _ = $0.latency[action]!.record(max(latencyMicros, 1))
            _ = $0.service.record(max(serviceMicros, 1))
            _ = $0.scheduleLag.record(max(lagMicros, 1))
            $0.completed[action, default: 0] += 1
        }
    }

    func recordError(station: Int, kind: String) {
        shards[station % shards.count].figures.withLock { $0.errors[kind, default: 0] += 1 }
    }

    /// All shards merged.
    func snapshot() -> Figures {
        var total = Figures()
        for shard in shards {
            let figures = shard.figures.withLock { $0 }
            total.merge(figures)
        }
        return total
    }
}
