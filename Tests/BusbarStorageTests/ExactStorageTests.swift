@testable import BusbarStorage
import Foundation
import GRDB
import Testing

/// Issue #10 defects 5, 13 and 16 at the storage boundary: text is never cut at U+0000, meter
/// values keep their multiplier apart, and decommissioning keeps a station's history.
@Suite struct ExactStorageTests {
    // MARK: text

    @Test func textWithNulIsRefusedOnWriteAndNeverMatchesItsPrefix() async throws {
        let store = try await makeStore()
        _ = try await store.upsertIdToken(IdTokenRecord(idToken: "TAG1", type: "ISO14443"))
        let refused = await #expect(throws: StorageError.self) {
            try await store.upsertIdToken(IdTokenRecord(idToken: "NULTEST\u{0}EVIL", type: "ISO14443"))
        }
        #expect(refused?.code == .invalid && refused?.message.contains("idToken") == true, "\(String(describing: refused))")
        #expect(try await store.idTokens().map(\.idToken) == ["TAG1"])
        #expect(try await store.idToken("TAG1\u{0}junk", type: "ISO14443") == nil)
        await #expect(throws: StorageError.self) { try await store.deleteIdToken("TAG1\u{0}junk", type: "ISO14443") }
        #expect(try await store.idToken("TAG1", type: "ISO14443") != nil)
        #expect(try await store.station(id: "CS-001\u{0}x") == nil)
        await #expect(throws: StorageError.self) { try await store.deleteStation(id: "CS-001\u{0}x") }
        #expect(try await store.station(id: "CS-001") != nil)

        let event = await #expect(throws: StorageError.self) {
            try await store.appendSecurityEvent(stationId: "CS-001", type: "StartupOfTheDevice", timestamp: instant(), techInfo: "a\u{0}b")
        }
        #expect(event?.message.contains("techInfo") == true)
        let meter = await #expect(throws: StorageError.self) {
            try await store.appendTransactionEvent(
                transactionEvent(seqNo: 0, type: .started),
                meterValues: [
                    MeterValueRecord(stationId: "CS-001", transactionId: "TX-1", timestamp: instant(), unit: "W\u{0}h", value: 1)
                ],
                transaction: .init())
        }
        #expect(meter?.message.contains("unit") == true)
        #expect(try await store.transaction(stationId: "CS-001", transactionId: "TX-1") == nil, "nothing of the refused event stored")
        try await store.close()
    }

    @Test func aFrameWithNulIsServedWhole() async throws {
        let store = try await makeStore()
        let text = "[2,\"x\",\"DataTransfer\",{\"vendorId\":\"v\u{0}hidden\"}]"
        store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: text, at: instant()))
        try await store.flushFrameLog()
        #expect(try await store.recentFrames(stationId: "CS-001", limit: 1).map(\.text) == [text])
        try await store.close()
    }

    // MARK: meter values

    @Test func meterValuesKeepValueAndMultiplierApart() async throws {
        let store = try await makeStore()
        let values = [(1e308, 9), (4.9e-324, -9), (0.1, 3)].map { value, multiplier in
            MeterValueRecord(stationId: "CS-001", transactionId: "TX-1", timestamp: instant(), value: value, multiplier: multiplier)
        }
        _ = try await store.appendTransactionEvent(transactionEvent(seqNo: 0, type: .started), meterValues: values, transaction: .init())
        let stored = try await store.meterValues(stationId: "CS-001", transactionId: "TX-1")
        #expect(stored.map(\.value) == [1e308, 4.9e-324, 0.1])
        #expect(stored.map(\.multiplier) == [9, -9, 3])
        try await store.close()
    }

    @Test func rowsFromBeforeVersion5ReadAsTheyWere() async throws {
        let path = temporaryDatabasePath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v3-meter-values-by-event")
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO station (id, securityProfile, bootPolicy, createdAt, updatedAt) VALUES ('CS-OLD', 1, 'Accepted', 0, 0)")
            // Before v5 the domain multiplied: 1.5 kWh was stored as 1500 (Wh).
            try db.execute(
                sql: """
                    INSERT INTO meterValue (stationId, timestamp, measurand, unit, value)
                    VALUES ('CS-OLD', 0, 'Energy.Active.Import.Register', 'Wh', 1500)
                    """)
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let values = try await store.meterValues(stationId: "CS-OLD", transactionId: nil)
        #expect(values.map(\.value) == [1500] && values.map(\.multiplier) == [0] && values.map(\.scaledValue) == [1500])
        #expect(try await store.station(id: "CS-OLD")?.isDecommissioned == false)
        try await store.close()
    }

    // MARK: decommissioning

    @Test func decommissioningKeepsHistoryAndIsExplicitToUndo() async throws {
        let store = try await makeStore()
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started),
            meterValues: [MeterValueRecord(stationId: "CS-001", transactionId: "TX-1", timestamp: instant(), value: 7)],
            transaction: .init())
        let retired = try await store.decommissionStation(id: "CS-001")
        #expect(retired.isDecommissioned)
        #expect(try await store.transaction(stationId: "CS-001", transactionId: "TX-1") != nil)
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-1").map(\.value) == [7])
        let twice = await #expect(throws: StorageError.self) { try await store.decommissionStation(id: "CS-001") }
        #expect(twice?.code == .conflict)
        let changed = await #expect(throws: StorageError.self) { try await store.updateStation(id: "CS-001") { $0.securityProfile = 2 } }
        #expect(changed?.code == .conflict)
        let created = await #expect(throws: StorageError.self) { try await store.createStation(StationRecord(id: "CS-001")) }
        #expect(created?.code == .conflict)

        let back = try await store.recommissionStation(StationRecord(id: "CS-001", securityProfile: 3, bootPolicy: .pending))
        #expect(!back.isDecommissioned && back.securityProfile == 3 && back.bootPolicy == .pending)
        #expect(try await store.transaction(stationId: "CS-001", transactionId: "TX-1") != nil)
        let again = await #expect(throws: StorageError.self) { try await store.recommissionStation(StationRecord(id: "CS-001")) }
        #expect(again?.code == .conflict)
        try await store.close()
    }
}
