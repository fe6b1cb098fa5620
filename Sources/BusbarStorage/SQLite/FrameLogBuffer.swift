import Synchronization

/// Frames waiting to be written: appending never waits for the database, and the buffer is
/// bounded so a stuck database costs memory only up to `capacity` frames.
final class FrameLogBuffer: Sendable {
    private struct State {
        var pending: [FrameLogRecord] = []
        var dropped = 0
        var earlyFlushRequested = false
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `frame`; returns true once, when `batch` frames wait and an early flush should start.
    func append(_ frame: FrameLogRecord, batch: Int) -> Bool {
        state.withLock { state in
            // Dropping the newest frame is O(1); the ones already waiting describe how it began.
            guard state.pending.count < capacity else {
                state.dropped += 1
                return false
            }
            state.pending.append(frame)
            guard state.pending.count >= batch, !state.earlyFlushRequested else { return false }
            state.earlyFlushRequested = true
            return true
        }
    }

    var isEmpty: Bool { state.withLock { $0.pending.isEmpty && $0.dropped == 0 } }

    /// Takes every waiting frame and the count of frames dropped since the last drain.
    func drain() -> (frames: [FrameLogRecord], dropped: Int) {
        state.withLock { state in
            defer {
                state.pending = []
                state.pending.reserveCapacity(64)
                state.dropped = 0
                state.earlyFlushRequested = false
            }
            return (state.pending, state.dropped)
        }
    }
}
