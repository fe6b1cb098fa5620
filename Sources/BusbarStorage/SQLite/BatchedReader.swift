import GRDB
import Synchronization

/// Runs the point lookups of the message path (an idToken for every Authorize) on one reader
/// snapshot per batch. GRDB's async `read` crosses three queues per call (the reader pool's
/// semaphore, the reader's own queue, back to the caller); under load those thread wake-ups cost
/// more than the lookup. Here the lookups asked for while one batch is read form the next batch,
/// which shares one `asyncRead`; its snapshot begins after each of them was asked for, so a
/// lookup sees every write committed before it.
final class BatchedReader: Sendable {
    private struct Job: Sendable {
        /// Runs the lookup and returns how to resume its caller.
        let run: @Sendable (Database) -> @Sendable () -> Void
        /// Resumes the caller with a failure to get a reader at all.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var pending: [Job] = []
        /// A batch is being read; new lookups wait for the next one.
        var inFlight = false

        mutating func takePending() -> [Job] {
            defer { pending = [] }
            return pending
        }
    }

    private let state = Mutex(State())
    private let pool: DatabasePool

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: { db in
                    do {
                        let value = try body(db)
                        return { continuation.resume(returning: value) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { error in continuation.resume(throwing: error) })
            let batch = state.withLock { state -> [Job]? in
                state.pending.append(job)
                guard !state.inFlight else { return nil }
                state.inFlight = true
                return state.takePending()
            }
            if let batch { run(batch) }
        }
    }

    /// Runs `batch` on a snapshot that begins after every one of its lookups was asked for; the
    /// lookups asked for meanwhile form the next batch.
    private func run(_ batch: [Job]) {
        pool.asyncRead { result in
            switch result {
            case .success(let db):
                // Resume after the lookups, so no caller runs while this reader is still held.
                let resumers = batch.map { $0.run(db) }
                for resume in resumers { resume() }
            case .failure(let error):
                for job in batch { job.fail(error) }
            }
            let next = self.state.withLock { state -> [Job]? in
                guard !state.pending.isEmpty else {
                    state.inFlight = false
                    return nil
                }
                return state.takePending()
            }
            if let next { self.run(next) }
        }
    }
}
