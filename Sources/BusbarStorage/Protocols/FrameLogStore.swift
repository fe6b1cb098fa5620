/// A bounded log of raw OCPP-J frames for troubleshooting. Frames are never acknowledged to
/// anyone, so they are buffered and written in batches rather than one transaction each.
public protocol FrameLogStore: Sendable {
    /// Queues a frame; never blocks on the database and never fails (a full buffer drops new frames and logs how many).
    func logFrame(_ frame: FrameLogRecord)
    /// Writes every queued frame now; for shutdown and tests.
    func flushFrameLog() async throws(StorageError)
    /// The station's most recent frames that reached the database, newest first.
    func recentFrames(stationId: String, limit: Int) async throws(StorageError) -> [FrameLogRecord]
}
