import BusbarStorage
import OCPP

/// The frame log as a session writes it: every frame passes `SecretRedaction` first, so a
/// BasicAuthPassword or VPN key sent to or by a station never reaches `busbar-frames.sqlite`
/// (or any view of it). Frames without a secret cost one scan for a few markers.
struct RedactedFrameLog: FrameLogStore {
    let base: any FrameLogStore

    init(_ base: any FrameLogStore) {
        self.base = base
    }

    func logFrame(_ frame: FrameLogRecord) {
        var frame = frame
        frame.text = SecretRedaction.redact(frame: frame.text)
        base.logFrame(frame)
    }

    func flushFrameLog() async throws(StorageError) {
        try await base.flushFrameLog()
    }

    func recentFrames(stationId: String, limit: Int) async throws(StorageError) -> [FrameLogRecord] {
        try await base.recentFrames(stationId: stationId, limit: limit)
    }
}
