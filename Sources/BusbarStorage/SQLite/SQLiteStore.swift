import Foundation
import GRDB
import Logging
import Synchronization

/// The CSMS store on one SQLite file in WAL mode (GRDB `DatabasePool`): one writer, concurrent
/// readers, and every acknowledged write committed (in a shared group commit) before its call
/// returns. The frame log lives in a second file beside it (`FrameLogSchema`) with its own
/// writer, so its batches never hold up an acknowledged write. Dates are kept to the millisecond.
public final class SQLiteStore: CSMSStore, Sendable {
    let pool: DatabasePool
    /// The frame-log database (`busbar-frames.sqlite` beside `busbar.sqlite`).
    let framesPool: DatabasePool
    let configuration: Configuration
    let logger: Logger
    let frameBuffer: FrameLogBuffer
    let writer: GroupCommitWriter
    /// Batches the point lookups of the message path (see `BatchedReader`).
    let lookups: BatchedReader
    private let flusher = Mutex<Task<Void, Never>?>(nil)

    /// Opens (creating it and its directory when missing) and migrates the database at `path`.
    public init(path: String, configuration: Configuration = .init()) throws(StorageError) {
        self.configuration = configuration
        self.logger = configuration.logger
        self.frameBuffer = FrameLogBuffer(capacity: configuration.frameLogMaxRows)
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration.grdbConfiguration())
            if try pool.read(SQLiteSchema.migrator.hasBeenSuperseded) {
                throw StorageError.backend(
                    "database", key: path,
                    reason: "it was migrated by a newer Busbar; run that version or restore a backup")
            }
            try SQLiteSchema.migrator.migrate(pool)
            // The reader that checked the version above read the schema before the migration;
            // a statement it prepares from that cache (`SELECT *` after an ADD COLUMN) would
            // miss the new columns, so every read starts on a fresh connection.
            pool.invalidateReadOnlyConnections()
            let framesPath = FrameLogSchema.path(besideDatabaseAt: path)
            framesPool = try DatabasePool(path: framesPath, configuration: configuration.grdbConfiguration(readers: 2))
            if try framesPool.read(FrameLogSchema.migrator.hasBeenSuperseded) {
                throw StorageError.backend(
                    "database", key: framesPath,
                    reason: "it was migrated by a newer Busbar; run that version or restore a backup")
            }
            try FrameLogSchema.migrator.migrate(framesPool)
            writer = GroupCommitWriter(
                pool: pool, maxBatch: configuration.maxWritesPerCommit, gatherWindow: configuration.commitGatherWindow,
                observer: configuration.commitObserver)
            lookups = BatchedReader(pool: pool)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.backend(
                "database", key: path,
                reason: "\(error); check that the directory is writable and the file is a Busbar database")
        }
        startFlusher()
    }

    deinit {
        // Frames still buffered here are lost by design: they were never acknowledged.
        flusher.withLock { $0?.cancel() }
    }

    /// Flushes the frame log, stops the flusher and closes every connection.
    public func close() async throws(StorageError) {
        let running = flusher.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        try await flushFrameLog()
        for database in [pool, framesPool] {
            do {
                try database.close()
            } catch {
                throw StorageError.backend("database", key: database.path, reason: "\(error)")
            }
        }
    }

    private func startFlusher() {
        let interval = configuration.frameLogFlushInterval
        let task = Task.detached(priority: .utility) { [weak self] in
            while true {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return  // cancelled by close() or deinit
                }
                guard let self else { return }
                // An unstructured task does not inherit cancellation, so close() never
                // interrupts a batch half way; it waits for it instead.
                await Task { await self.flushFrameLogLoggingErrors() }.value
            }
        }
        flusher.withLock { $0 = task }
    }
}
