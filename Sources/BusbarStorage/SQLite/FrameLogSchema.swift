import Foundation
import GRDB

/// The schema of the frame-log database, a file of its own next to the main one: the log is
/// diagnostic, written in large batches and never acknowledged, so it must neither wait for nor
/// delay the writes a CALLRESULT depends on. Migrations are append-only, as in `SQLiteSchema`.
enum FrameLogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-frame-log") { db in
            // No foreign key (stations live in the other file): deleteStation removes a
            // station's frames explicitly.
            try db.create(table: "frameLog") { t in
                t.primaryKey("id", .integer)
                t.column("stationId", .text).notNull()
                t.column("direction", .text).notNull().check { ["in", "out"].contains($0) }
                t.column("text", .text).notNull()
                t.column("at", .integer).notNull()
            }
            try db.create(index: "frameLogByStation", on: "frameLog", columns: ["stationId", "id"])
        }
        return migrator
    }

    /// The frame log's file for the main database at `path`: `busbar.sqlite` → `busbar-frames.sqlite`.
    static func path(besideDatabaseAt path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let base = url.deletingPathExtension().lastPathComponent
        let ext = url.pathExtension.isEmpty ? "sqlite" : url.pathExtension
        return url.deletingLastPathComponent().appendingPathComponent("\(base)-frames.\(ext)").path
    }
}
