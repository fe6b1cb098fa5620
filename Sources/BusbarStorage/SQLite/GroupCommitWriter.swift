import GRDB
import Synchronization

/// Runs acknowledged writes from many tasks in shared transactions ("group commit"). Each write
/// runs in its own savepoint, so a failing write undoes only itself, and every caller resumes
/// only after the transaction holding its write has committed: nothing is acknowledged early.
/// One commit then pays for many writes, which is what lets thousands of stations share one
/// SQLite writer (and makes `.powerLossSafe`, an fsync per commit, affordable).
final class GroupCommitWriter: Sendable {
    private struct Job: Sendable {
        /// Runs the write in a savepoint and returns how to resume its caller once committed.
        let run: @Sendable (Database) -> @Sendable () -> Void
        /// Resumes the caller with the commit's failure instead.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
    }

    private let state = Mutex(State())
    private let pool: DatabasePool
    /// Caps one transaction, so the first writer of a burst does not wait for a huge commit.
    let maxBatch: Int

    init(pool: DatabasePool, maxBatch: Int) {
        self.pool = pool
        self.maxBatch = max(1, maxBatch)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: { db in
                    do {
                        var value: T?
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                        return { [value] in continuation.resume(returning: value!) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { error in continuation.resume(throwing: error) })
            let mustStartDraining = state.withLock { state in
                state.pending.append(job)
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if mustStartDraining {
                scheduleBatch()
            }
        }
    }

    /// One batch per turn on the writer queue, so other writes (the frame log) interleave.
    private func scheduleBatch() {
        pool.asyncWriteWithoutTransaction { db in
            self.runBatch(db)
        }
    }

    private func runBatch(_ db: Database) {
        let batch: [Job] = state.withLock { state in
            let count = min(state.pending.count, maxBatch)
            defer { state.pending.removeFirst(count) }
            return Array(state.pending.prefix(count))
        }
        var resumers: [@Sendable () -> Void] = []
        resumers.reserveCapacity(batch.count)
        do {
            try db.inTransaction(.immediate) {
                for job in batch {
                    resumers.append(job.run(db))
                }
                return .commit
            }
            for resume in resumers {
                resume()
            }
        } catch {
            // The commit failed: none of these writes is durable, so none is acknowledged.
            for job in batch {
                job.fail(error)
            }
        }
        let more = state.withLock { state in
            if state.pending.isEmpty {
                state.draining = false
                return false
            }
            return true
        }
        if more {
            scheduleBatch()
        }
    }
}
