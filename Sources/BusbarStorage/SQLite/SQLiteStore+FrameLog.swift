import Foundation
import GRDB
import Logging

extension FrameLogRecord: SQLiteRow, MutablePersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "frameLog"

    /// Keeps the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SQLiteStore: FrameLogStore {
    public func logFrame(_ frame: FrameLogRecord) {
        var frame = frame
        frame.text = Self.truncated(frame.text, maxBytes: configuration.frameMaxBytes)
        if frameBuffer.append(frame, batch: configuration.frameLogFlushBatch) {
            Task { await self.flushFrameLogLoggingErrors() }
        }
    }

    public func flushFrameLog() async throws(StorageError) {
        guard !frameBuffer.isEmpty else { return }
        let maxRows = Int64(configuration.frameLogMaxRows)
        // Draining inside the write keeps the ids in arrival order when two flushes overlap.
        let dropped = try await writeFrames { [frameBuffer] db in
            let (frames, dropped) = frameBuffer.drain()
            // One prepared statement for the whole batch: thousands of frames a second at load.
            let insert = DirectBinding(
                try db.cachedStatement(sql: "INSERT INTO frameLog (stationId, direction, text, at) VALUES (?, ?, ?, ?)"), in: db)
            for frame in frames {
                insert.bind(1, frame.stationId)
                insert.bind(2, frame.direction.rawValue)
                insert.bind(3, frame.text)
                insert.bind(4, frame.at.millisecondsSince1970)
                try insert.run()
            }
            // Ids grow with arrival, so the newest `maxRows` rows are those above max(id) - maxRows.
            try db.execute(
                literal: "DELETE FROM frameLog WHERE id <= (SELECT max(id) FROM frameLog) - \(maxRows)")
            return dropped
        }
        if dropped > 0 {
            logger.warning(
                "frame log buffer was full; dropped frames",
                metadata: ["dropped": "\(dropped)", "capacity": "\(frameBuffer.capacity)"])
        }
    }

    public func recentFrames(stationId: String, limit: Int) async throws(StorageError) -> [FrameLogRecord] {
        do {
            guard StoredText.isStorable(stationId) else { return [] }
            return try await framesPool.read { db in
                // A frame is logged as it came off the socket and bound with its length
                // (DirectBinding); reading the text as bytes keeps it whole, where GRDB's String
                // would end it at a U+0000 the frame may carry.
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, stationId, direction, CAST(text AS BLOB), at FROM frameLog
                        WHERE stationId = ? ORDER BY id DESC LIMIT ?
                        """,
                    arguments: [stationId, limit])
                return rows.map { row in
                    FrameLogRecord(
                        id: row[0], stationId: row[1], direction: FrameDirection(rawValue: row[2]) ?? .incoming,
                        text: String(decoding: (row[3] as Data?) ?? Data(), as: UTF8.self),
                        at: Date(millisecondsSince1970: row[4]))
                }
            }
        } catch {
            throw Self.storageError(error, entity: "frame log", key: stationId)
        }
    }

    /// Removes a deleted station's frames (the frame log has no foreign key to cascade).
    func deleteFrames(stationId: String) async throws(StorageError) {
        try await writeFrames { db in
            try db.execute(literal: "DELETE FROM frameLog WHERE stationId = \(stationId)")
        }
    }

    private func writeFrames<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        do {
            return try await framesPool.write(body)
        } catch {
            throw Self.storageError(error, entity: "frame log", key: "*")
        }
    }

    func flushFrameLogLoggingErrors() async {
        do {
            try await flushFrameLog()
        } catch {
            logger.error("frame log flush failed; those frames are lost", metadata: ["error": "\(error)"])
        }
    }

    /// Cuts `text` to at most `maxBytes` UTF-8 bytes on a character boundary, marking the cut.
    static func truncated(_ text: String, maxBytes: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > maxBytes else { return text }
        let marker = " …[truncated \(utf8.count) bytes]"
        let keep = max(0, maxBytes - marker.utf8.count)
        var end = utf8.index(utf8.startIndex, offsetBy: keep)
        // Step back over UTF-8 continuation bytes (10xxxxxx) to the start of a scalar.
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 {
            end = utf8.index(before: end)
        }
        return String(text[..<end]) + marker
    }
}
