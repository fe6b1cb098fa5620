import Foundation
import GRDB

extension SecurityEventRecord: SQLiteRow, MutablePersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "securityEvent"

    /// Keeps the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension EventRecord: SQLiteRow, MutablePersistableRecord {
    /// Named for what it holds: events reported by a station (NotifyEvent).
    public static let databaseTableName = "stationEvent"

    /// Keeps the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StationNotificationRecord: SQLiteRow, MutablePersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "stationNotification"

    /// Keeps the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SQLiteStore: StationEventStore {
    public func appendSecurityEvent(
        stationId: String, type: String, timestamp: Date, techInfo: String?
    ) async throws(StorageError) -> SecurityEventRecord {
        try StoredText.check(
            "security event", key: "\(stationId)/\(type)", [("stationId", stationId), ("type", type), ("techInfo", techInfo)])
        let record = SecurityEventRecord(
            stationId: stationId, type: type, timestamp: timestamp, techInfo: techInfo, receivedAt: Self.now())
        return try await write("security event", key: "\(stationId)/\(type)") { db in
            var stored = record
            try stored.insert(db)
            return stored
        }
    }

    public func securityEvents(stationId: String, limit: Int) async throws(StorageError) -> [SecurityEventRecord] {
        guard StoredText.isStorable(stationId) else { return [] }
        return try await read("security event", key: stationId) { db in
            try SecurityEventRecord.filter(Column("stationId") == stationId)
                .order(Column("timestamp").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func appendEvents(_ events: [EventRecord]) async throws(StorageError) {
        guard let first = events.first else { return }
        for event in events {
            try StoredText.check(
                "event", key: "\(event.stationId)#\(event.seqNo)",
                [
                    ("stationId", event.stationId), ("trigger", event.trigger), ("actualValue", event.actualValue),
                    ("eventNotificationType", event.eventNotificationType), ("componentName", event.componentName),
                    ("componentInstance", event.componentInstance), ("variableName", event.variableName),
                    ("variableInstance", event.variableInstance), ("payload", event.payload),
                ])
        }
        try await write("event", key: "\(first.stationId)#\(first.seqNo)") { db in
            for var event in events {
                try event.insert(db)
            }
        }
    }

    public func events(stationId: String, limit: Int) async throws(StorageError) -> [EventRecord] {
        guard StoredText.isStorable(stationId) else { return [] }
        return try await read("event", key: stationId) { db in
            try EventRecord.filter(Column("stationId") == stationId)
                .order(Column("timestamp").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    public func appendNotification(
        stationId: String, kind: String, payload: String, at: Date
    ) async throws(StorageError) -> StationNotificationRecord {
        try StoredText.check(
            "notification", key: "\(stationId)/\(kind)", [("stationId", stationId), ("kind", kind), ("payload", payload)])
        let record = StationNotificationRecord(stationId: stationId, kind: kind, payload: payload, at: at)
        return try await write("notification", key: "\(stationId)/\(kind)") { db in
            var stored = record
            try stored.insert(db)
            return stored
        }
    }

    public func notifications(
        stationId: String, kind: String?, limit: Int
    ) async throws(StorageError) -> [StationNotificationRecord] {
        // Never stored with U+0000 (StoredText); bound, such a kind would match its prefix.
        guard StoredText.isStorable(stationId), StoredText.isStorable(kind) else { return [] }
        return try await read("notification", key: stationId) { db in
            var request = StationNotificationRecord.filter(Column("stationId") == stationId)
            if let kind {
                request = request.filter(Column("kind") == kind)
            }
            return try request.order(Column("at").desc, Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}
