import Foundation
import GRDB
import Logging

extension SQLiteStore {
    /// How much a commit survives, traded against write latency.
    public enum Durability: Sendable, Hashable {
        /// `synchronous = NORMAL` in WAL mode: a committed write survives the process being killed
        /// (kill -9, crash), but the last commits can be lost if the machine loses power, because
        /// the WAL is only fsynced at checkpoints. The default: thousands of commits per second.
        case processCrashSafe
        /// `synchronous = FULL`: the WAL is fsynced at every commit, so an acknowledged write also
        /// survives power loss, at the cost of one fsync (often milliseconds) per write.
        case powerLossSafe
    }

    /// Tuning of the SQLite store; the defaults suit one CSMS on a small machine.
    public struct Configuration: Sendable {
        /// See `Durability`.
        public var durability: Durability
        /// The frame log keeps at most this many rows; 100,000 is a few hours of a busy site.
        public var frameLogMaxRows: Int
        /// Frames are written at least this often (and whenever the API reads them); 1 s keeps the
        /// log near real time while each flush touches a station's index page once for many frames.
        public var frameLogFlushInterval: Duration
        /// A flush starts early once this many frames wait, so a burst is written in one batch;
        /// 8,192 frames is under a second at 10,000 stations and a few megabytes of memory.
        public var frameLogFlushBatch: Int
        /// Frame text is cut to this many UTF-8 bytes; 64 KiB keeps a full NotifyReport readable.
        public var frameMaxBytes: Int
        /// Concurrent acknowledged writes share one commit, up to this many; 256 keeps a commit
        /// under a few milliseconds while amortising its cost.
        public var maxWritesPerCommit: Int
        /// While several writers are active, a commit waits until its oldest write is this old so
        /// that it carries several; a lone write or a single sequential writer never waits. 1 ms
        /// cuts the writer's CPU per write by a third at thousands of writes a second but adds
        /// that millisecond to every write; zero (the default) commits at once.
        public var commitGatherWindow: Duration
        /// Told how many acknowledged writes each commit carried (the server counts them in
        /// `/metrics`); called on the writer's thread, so it must be quick.
        public var commitObserver: (@Sendable (_ writes: Int) -> Void)?
        /// The WAL is checkpointed into the database whenever it holds this many pages; the
        /// checkpoint runs inside a commit and holds up every write waiting behind it. 250 pages
        /// (1 MiB) makes those pauses short and frequent instead of long and rare; SQLite's 1,000
        /// gave a worse p99 at 5,000 msg/s, and 8,000 a much worse one (docs/benchmarks.md).
        public var walCheckpointPages: Int
        /// Concurrent reader connections; reads never wait for the writer in WAL mode.
        public var maximumReaderCount: Int
        /// How long to wait for a lock held by another process (the sqlite3 shell, a backup).
        public var busyTimeout: TimeInterval
        /// Where the store reports what it cannot return (failed frame flushes, dropped frames).
        public var logger: Logger

        /// Makes a configuration; every argument has a default.
        public init(
            durability: Durability = .processCrashSafe,
            frameLogMaxRows: Int = 100_000,
            frameLogFlushInterval: Duration = .seconds(1),
            frameLogFlushBatch: Int = 8192,
            frameMaxBytes: Int = 64 * 1024,
            maxWritesPerCommit: Int = 256,
            commitGatherWindow: Duration = .zero,
            commitObserver: (@Sendable (_ writes: Int) -> Void)? = nil,
            walCheckpointPages: Int = 250,
            maximumReaderCount: Int = 5,
            busyTimeout: TimeInterval = 5,
            logger: Logger = Logger(label: "busbar.storage")
        ) {
            self.durability = durability
            self.frameLogMaxRows = frameLogMaxRows
            self.frameLogFlushInterval = frameLogFlushInterval
            self.frameLogFlushBatch = frameLogFlushBatch
            self.frameMaxBytes = frameMaxBytes
            self.maxWritesPerCommit = maxWritesPerCommit
            self.commitGatherWindow = commitGatherWindow
            self.commitObserver = commitObserver
            self.walCheckpointPages = walCheckpointPages
            self.maximumReaderCount = maximumReaderCount
            self.busyTimeout = busyTimeout
            self.logger = logger
        }

        /// GRDB's configuration for one of the store's files; `readers` overrides the reader count.
        func grdbConfiguration(readers: Int? = nil) -> GRDB.Configuration {
            var grdb = GRDB.Configuration()
            grdb.foreignKeysEnabled = true
            grdb.maximumReaderCount = max(1, readers ?? maximumReaderCount)
            grdb.busyMode = .timeout(busyTimeout)
            grdb.label = "busbar"
            let fsyncEveryCommit = durability == .powerLossSafe
            let checkpointPages = max(1, walCheckpointPages)
            grdb.prepareDatabase { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(checkpointPages)")
                if fsyncEveryCommit {
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                } else {
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
            }
            return grdb
        }
    }
}
