@testable import BusbarStorage
import Foundation
import GRDB
import Testing

/// The v3 migration moves meter values from an index per value to id ranges kept by their event.
@Suite struct MeterValueMigrationTests {
    /// A database as Busbar left it before v3: two transactions whose values were written
    /// interleaved (so their ids are not consecutive), and one value outside any transaction.
    private func writeVersion2Database(at path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v2-frame-log-own-file")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO station (id, securityProfile, bootPolicy, createdAt, updatedAt)
                    VALUES ('CS-001', 1, 'Accepted', 0, 0)
                    """)
            for transaction in ["TX-A", "TX-B"] {
                try db.execute(
                    sql: """
                        INSERT INTO chargingTransaction (stationId, transactionId, startedAt, lastSeqNo, eventCount, isActive, updatedAt)
                        VALUES ('CS-001', ?, 0, 1, 2, 1, 0)
                        """, arguments: [transaction])
                for seqNo in 0...1 {
                    try db.execute(
                        sql: """
                            INSERT INTO transactionEvent (stationId, transactionId, seqNo, eventType, timestamp, triggerReason, offline, payload, receivedAt)
                            VALUES ('CS-001', ?, ?, ?, ?, 'MeterValuePeriodic', 0, '{}', 0)
                            """, arguments: [transaction, seqNo, seqNo == 0 ? "Started" : "Updated", seqNo * 1000])
                }
            }
            let rows: [(String?, Int, Double)] = [("TX-A", 1, 1), ("TX-B", 1, 10), ("TX-A", 2, 2), (nil, 3, 100), ("TX-B", 2, 20)]
            for (transaction, second, value) in rows {
                try db.execute(
                    sql: """
                        INSERT INTO meterValue (stationId, transactionId, timestamp, measurand, value)
                        VALUES ('CS-001', ?, ?, 'Energy.Active.Import.Register', ?)
                        """,
                    arguments: [transaction, Int64(instant(Double(second)).timeIntervalSince1970 * 1000), value])
            }
        }
        try queue.close()
    }

    @Test func valuesWrittenBeforeVersion3AreFoundPerTransactionAfterIt() async throws {
        let path = temporaryDatabasePath()
        try writeVersion2Database(at: path)
        let store = try SQLiteStore(path: path)
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-A").map(\.value) == [1, 2])
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-B").map(\.value) == [10, 20])
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: nil).map(\.value) == [100])

        // A new event after the migration adds its own range beside the migrated one.
        _ = try await store.appendTransactionEvent(
            transactionEvent(transaction: "TX-A", seqNo: 2, at: 5),
            meterValues: [MeterValueRecord(stationId: "CS-001", transactionId: "TX-A", timestamp: instant(5), value: 3)],
            transaction: .init())
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-A").map(\.value) == [1, 2, 3])

        try await store.deleteStation(id: "CS-001")
        let remaining = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM meterValue") }
        #expect(remaining == 0)
        try await store.close()
    }
}
