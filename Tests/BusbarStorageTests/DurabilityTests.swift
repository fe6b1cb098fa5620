import BusbarStorage
import Foundation
import GRDB
import Testing

@Suite struct DurabilityTests {
    /// Writes one of everything, so reopening can check nothing acknowledged was lost.
    private func writeEverything(to store: SQLiteStore) async throws {
        _ = try await store.recordBoot(
            stationId: "CS-001", info: BootInfo(vendorName: "Acme", model: "M1"), reason: "PowerUp", status: "Accepted",
            at: instant(1))
        try await store.recordConnectorStatus(
            .init(stationId: "CS-001", evseId: 1, connectorId: 1, status: "Occupied", timestamp: instant(2)))
        _ = try await store.upsertIdToken(IdTokenRecord(idToken: "T1", type: "Central"))
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started),
            meterValues: [
                MeterValueRecord(stationId: "CS-001", transactionId: "TX-1", timestamp: instant(3), value: 42)
            ],
            transaction: .init(evseId: 1))
        _ = try await store.appendSecurityEvent(
            stationId: "CS-001", type: "StartupOfTheDevice", timestamp: instant(4), techInfo: nil)
        _ = try await store.appendNotification(
            stationId: "CS-001", kind: "FirmwareStatusNotification", payload: "{}", at: instant(5))
        _ = try await store.storeReportPart(
            ReportPartRecord(stationId: "CS-001", requestId: 1, seqNo: 0, tbc: false, generatedAt: instant(6)),
            variables: [
                DeviceModelVariableRecord(
                    stationId: "CS-001", componentName: "SecurityCtrlr", variableName: "SecurityProfile", value: "2")
            ])
        store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: "frame"))
    }

    private func expectEverything(in store: SQLiteStore, frames: Int) async throws {
        #expect(try await store.station(id: "CS-001")?.vendorName == "Acme")
        #expect(try await store.connectorStatuses(stationId: "CS-001").map(\.status) == ["Occupied"])
        #expect(try await store.idToken("t1", type: "Central") != nil)
        #expect(try await store.transaction(stationId: "CS-001", transactionId: "TX-1")?.evseId == 1)
        #expect(try await store.transactionEvents(stationId: "CS-001", transactionId: "TX-1").count == 1)
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-1").map(\.value) == [42])
        #expect(try await store.securityEvents(stationId: "CS-001", limit: 10).count == 1)
        #expect(try await store.notifications(stationId: "CS-001", kind: nil, limit: 10).count == 1)
        #expect(try await store.reportStatus(stationId: "CS-001", requestId: 1)?.isComplete == true)
        #expect(try await store.deviceModel(stationId: "CS-001").map(\.value) == ["2"])
        #expect(try await store.recentFrames(stationId: "CS-001", limit: 10).count == frames)
    }

    @Test func reopeningAfterTheStoreIsDroppedReturnsEveryAcknowledgedWrite() async throws {
        let path = temporaryDatabasePath()
        do {
            let store = try await makeStore(path: path)
            try await writeEverything(to: store)
        }
        let reopened = try SQLiteStore(path: path)
        // Frames are never acknowledged: one dropped with its buffer is allowed to be lost.
        try await expectEverything(
            in: reopened, frames: try await reopened.recentFrames(stationId: "CS-001", limit: 10).count)
        #expect(try await reopened.transaction(stationId: "CS-001", transactionId: "TX-1") != nil)
    }

    @Test func closingFlushesFramesAndReopeningReturnsEverything() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path)
        try await writeEverything(to: store)
        try await store.close()

        let reopened = try SQLiteStore(path: path)
        try await expectEverything(in: reopened, frames: 1)
        try await reopened.close()
    }

    @Test func aClosedStoreFailsWithABackendError() async throws {
        let store = try await makeStore()
        try await store.close()
        let read = await #expect(throws: StorageError.self) { try await store.station(id: "CS-001") }
        #expect(read?.code == .backend)
        let write = await #expect(throws: StorageError.self) {
            try await store.appendTransactionEvent(
                transactionEvent(seqNo: 0, type: .started), meterValues: [], transaction: .init())
        }
        #expect(write?.code == .backend)
    }

    @Test func powerLossSafeStoreWorksTheSame() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path, configuration: .init(durability: .powerLossSafe))
        try await writeEverything(to: store)
        try await store.close()
        try await expectEverything(in: try SQLiteStore(path: path), frames: 1)
    }

    @Test func openingCreatesMissingParentDirectories() async throws {
        let path = temporaryDatabasePath("nested/deeper/busbar.sqlite")
        _ = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func openingAFileThatIsNotADatabaseFailsWithAnActionableError() async throws {
        let path = temporaryDatabasePath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StorageError.self) { try SQLiteStore(path: path) }
        #expect(error?.code == .backend)
        #expect(error?.message.contains(path) == true)
    }

    @Test func aDatabaseFromANewerVersionIsRefused() async throws {
        let path = temporaryDatabasePath()
        try await makeStore(path: path).close()
        let pool = try DatabasePool(path: path)
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try pool.close()
        let error = #expect(throws: StorageError.self) { try SQLiteStore(path: path) }
        #expect(error?.message.contains("newer Busbar") == true)
    }
}
