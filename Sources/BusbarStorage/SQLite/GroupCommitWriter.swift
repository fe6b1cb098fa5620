import Foundation
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
        /// When the write was asked for, to bound how long a gathering batch holds it.
        let enqueuedAt: ContinuousClock.Instant
    }

    private struct State {
        var pending: [Job] = []
        var draining = false
        /// Writes arrived while the last batch was committing: other writers are active, so the
        /// next batch is worth holding for company. A lone sequential writer never sets it (its
        /// next write only comes after its commit).
        var companyArrived = false
        /// Size and end of the last batch: a batch of several that just committed means writes
        /// are streaming in even when none arrived during the commit itself.
        var lastBatchSize = 0
        var lastCommit = ContinuousClock.Instant.now
    }

    private let state = Mutex(State())
    private let pool: DatabasePool
    /// Caps one transaction, so the first writer of a burst does not wait for a huge commit.
    let maxBatch: Int

    /// While several writers are active, a batch waits until its oldest write is this old before
    /// committing, so one commit carries several writes instead of one (`Configuration.commitGatherWindow`).
    let gatherWindow: Duration

    /// Told the size of every committed batch (`Configuration.commitObserver`).
    let observer: (@Sendable (_ writes: Int) -> Void)?

    init(pool: DatabasePool, maxBatch: Int, gatherWindow: Duration, observer: (@Sendable (_ writes: Int) -> Void)?) {
        self.pool = pool
        self.maxBatch = max(1, maxBatch)
        self.gatherWindow = gatherWindow
        self.observer = observer
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
                fail: { error in continuation.resume(throwing: error) },
                enqueuedAt: .now)
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

    /// Waits, on the writer's thread, for more writes to join a small batch — but only while
    /// several writers are active, so a lone write or a single sequential writer never waits.
    /// PostgreSQL's `commit_delay` makes the same trade: a millisecond of latency for commits
    /// that each carry several writes, which cuts the writer's CPU per write by a third at load.
    private func gather() {
        guard gatherWindow > .zero else { return }
        let now = ContinuousClock.now
        let wait: Duration? = state.withLock { state in
            guard let oldest = state.pending.first?.enqueuedAt, state.pending.count < maxBatch,
                state.companyArrived || state.pending.count > 1
                    || (state.lastBatchSize > 1 && now - state.lastCommit < gatherWindow)
            else { return nil }
            let remaining = gatherWindow - (now - oldest)
            return remaining > .zero ? remaining : nil
        }
        guard let wait else { return }
        let (seconds, attoseconds) = wait.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        nanosleep(&request, nil)
    }

    private func runBatch(_ db: Database) {
        gather()
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
            observer?(batch.count)
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
            state.companyArrived = !state.pending.isEmpty
            state.lastBatchSize = batch.count
            state.lastCommit = .now
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
