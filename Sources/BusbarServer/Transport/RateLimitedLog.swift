import Logging
import Synchronization

/// Logs a recurring warning at most once per interval and says how many were left out, so a flood
/// of refused connections is visible in the log without the log becoming the next flood.
final class RateLimitedLog: Sendable {
    private struct State {
        var last: ContinuousClock.Instant?
        var suppressed = 0
    }

    private let interval: Duration
    private let state = Mutex(State())

    /// `interval`: 10 s by default, a line an operator notices without scrolling past pages.
    init(interval: Duration = .seconds(10)) {
        self.interval = interval
    }

    /// Logs `message` (with the count left out since the last line) unless one was logged within the interval.
    func warning(_ message: @autoclosure () -> Logger.Message, metadata: Logger.Metadata = [:], logger: Logger) {
        let now = ContinuousClock.now
        let suppressed: Int? = state.withLock { state in
            if let last = state.last, now - last < interval {
                state.suppressed += 1
                return nil
            }
            let count = state.suppressed
            state.last = now
            state.suppressed = 0
            return count
        }
        guard let suppressed else { return }
        var metadata = metadata
        if suppressed > 0 { metadata["notLoggedSinceLastLine"] = "\(suppressed)" }
        logger.warning(message(), metadata: metadata)
    }
}
