import BusbarStorage
import Foundation
import Testing

@Suite struct StationStoreTests {
    @Test func createdStationReadsBackWithStoreStampedDates() async throws {
        let store = try await makeStore(station: nil)
        let created = try await store.createStation(
            StationRecord(id: "CS-42", passwordHash: "hash", securityProfile: 2, bootPolicy: .pending))
        let read = try #require(try await store.station(id: "CS-42"))
        #expect(read == created)
        #expect(read.securityProfile == 2)
        #expect(read.bootPolicy == .pending)
        #expect(read.createdAt == read.updatedAt)
        #expect(try await store.station(id: "nope") == nil)
    }

    @Test func duplicateStationIsAConflict() async throws {
        let store = try await makeStore(station: "CS-1")
        let error = await #expect(throws: StorageError.self) {
            try await store.createStation(StationRecord(id: "CS-1"))
        }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("CS-1") == true)
    }

    @Test func invalidStationIsRejectedBeforeTheDatabase() async throws {
        let store = try await makeStore(station: nil)
        let tooLong = await #expect(throws: StorageError.self) {
            try await store.createStation(StationRecord(id: String(repeating: "x", count: 49)))
        }
        #expect(tooLong?.code == .invalid)
        let badProfile = await #expect(throws: StorageError.self) {
            try await store.createStation(StationRecord(id: "CS-1", securityProfile: 4))
        }
        #expect(badProfile?.code == .invalid)
        #expect(try await store.stations().isEmpty)
    }

    @Test func updateChangesFieldsButNeverTheId() async throws {
        let store = try await makeStore(station: "CS-1")
        let updated = try await store.updateStation(id: "CS-1") { station in
            station.id = "hijacked"
            station.bootPolicy = .rejected
            station.passwordHash = "new"
        }
        #expect(updated.id == "CS-1")
        let read = try #require(try await store.station(id: "CS-1"))
        #expect(read == updated)
        #expect(read.bootPolicy == .rejected)
        #expect(try await store.station(id: "hijacked") == nil)
    }

    @Test func updatingOrDeletingAMissingStationIsNotFound() async throws {
        let store = try await makeStore(station: nil)
        let update = await #expect(throws: StorageError.self) {
            try await store.updateStation(id: "ghost") { $0.bootPolicy = .accepted }
        }
        #expect(update?.code == .notFound)
        let delete = await #expect(throws: StorageError.self) { try await store.deleteStation(id: "ghost") }
        #expect(delete?.code == .notFound)
        #expect(delete?.message.contains("ghost") == true)
    }

    @Test func stationsListInIdOrder() async throws {
        let store = try await makeStore(station: nil)
        for id in ["CS-3", "CS-1", "CS-2"] {
            _ = try await store.createStation(StationRecord(id: id))
        }
        #expect(try await store.stations().map(\.id) == ["CS-1", "CS-2", "CS-3"])
    }

    @Test func bootIsRecordedOnTheStation() async throws {
        let store = try await makeStore(station: "CS-1")
        let info = BootInfo(
            vendorName: "Acme", model: "Wallbox 22", serialNumber: "SN1", firmwareVersion: "1.2.3", iccid: "89",
            imsi: "262")
        let booted = try await store.recordBoot(
            stationId: "CS-1", info: info, reason: "PowerUp", status: "Accepted", at: instant(5))
        let read = try #require(try await store.station(id: "CS-1"))
        #expect(read == booted)
        #expect(read.vendorName == "Acme")
        #expect(read.model == "Wallbox 22")
        #expect(read.serialNumber == "SN1")
        #expect(read.firmwareVersion == "1.2.3")
        #expect(read.iccid == "89")
        #expect(read.imsi == "262")
        #expect(read.lastBootAt == instant(5))
        #expect(read.lastBootReason == "PowerUp")
        #expect(read.lastRegistrationStatus == "Accepted")

        let unknown = await #expect(throws: StorageError.self) {
            try await store.recordBoot(
                stationId: "CS-9", info: info, reason: "PowerUp", status: "Accepted", at: instant())
        }
        #expect(unknown?.code == .notFound)
    }

    @Test func connectorStatusKeepsCurrentAndHistory() async throws {
        let store = try await makeStore(station: "CS-1")
        try await store.recordConnectorStatus(
            .init(stationId: "CS-1", evseId: 1, connectorId: 1, status: "Available", timestamp: instant(1)))
        try await store.recordConnectorStatus(
            .init(stationId: "CS-1", evseId: 2, connectorId: 1, status: "Available", timestamp: instant(2)))
        try await store.recordConnectorStatus(
            .init(stationId: "CS-1", evseId: 1, connectorId: 1, status: "Occupied", timestamp: instant(3)))
        // A late report goes to history but does not overwrite the newer current status.
        try await store.recordConnectorStatus(
            .init(stationId: "CS-1", evseId: 1, connectorId: 1, status: "Faulted", timestamp: instant(0)))

        let current = try await store.connectorStatuses(stationId: "CS-1")
        #expect(current.map(\.evseId) == [1, 2])
        #expect(current.map(\.status) == ["Occupied", "Available"])
        #expect(current[0].timestamp == instant(3))

        let history = try await store.connectorStatusHistory(stationId: "CS-1", limit: 10)
        #expect(history.map(\.status) == ["Occupied", "Available", "Available", "Faulted"])
        #expect(try await store.connectorStatusHistory(stationId: "CS-1", limit: 2).count == 2)
    }

    @Test func connectorStatusOfUnknownStationIsNotFound() async throws {
        let store = try await makeStore(station: nil)
        let error = await #expect(throws: StorageError.self) {
            try await store.recordConnectorStatus(
                .init(stationId: "CS-X", evseId: 1, connectorId: 1, status: "Available", timestamp: instant()))
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("create the station first") == true)
    }

    @Test func deletingAStationRemovesEverythingAboutIt() async throws {
        let store = try await makeStore()
        _ = try await store.createStation(StationRecord(id: "CS-002"))
        try await store.recordConnectorStatus(
            .init(stationId: "CS-001", evseId: 1, connectorId: 1, status: "Available", timestamp: instant()))
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started),
            meterValues: [MeterValueRecord(stationId: "CS-001", transactionId: "TX-1", timestamp: instant(), value: 1)],
            transaction: TransactionUpdate(evseId: 1))
        try await store.appendMeterValues([MeterValueRecord(stationId: "CS-001", timestamp: instant(), value: 2)])
        _ = try await store.appendSecurityEvent(
            stationId: "CS-001", type: "StartupOfTheDevice", timestamp: instant(), techInfo: nil)
        _ = try await store.appendNotification(
            stationId: "CS-001", kind: "FirmwareStatusNotification", payload: "{}", at: instant())
        _ = try await store.storeReportPart(
            ReportPartRecord(stationId: "CS-001", requestId: 1, seqNo: 0, tbc: false, generatedAt: instant()),
            variables: [DeviceModelVariableRecord(stationId: "CS-001", componentName: "EVSE", variableName: "Power")])
        store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: "[2,\"1\",\"Heartbeat\",{}]"))
        store.logFrame(FrameLogRecord(stationId: "CS-002", direction: .incoming, text: "[2,\"1\",\"Heartbeat\",{}]"))
        try await store.flushFrameLog()

        try await store.deleteStation(id: "CS-001")

        #expect(try await store.station(id: "CS-001") == nil)
        #expect(try await store.connectorStatuses(stationId: "CS-001").isEmpty)
        #expect(try await store.connectorStatusHistory(stationId: "CS-001", limit: 10).isEmpty)
        #expect(try await store.transactions(stationId: "CS-001").isEmpty)
        #expect(try await store.transactionEvents(stationId: "CS-001", transactionId: "TX-1").isEmpty)
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-1").isEmpty)
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: nil).isEmpty)
        #expect(try await store.securityEvents(stationId: "CS-001", limit: 10).isEmpty)
        #expect(try await store.notifications(stationId: "CS-001", kind: nil, limit: 10).isEmpty)
        #expect(try await store.deviceModel(stationId: "CS-001").isEmpty)
        #expect(try await store.reportStatus(stationId: "CS-001", requestId: 1) == nil)
        #expect(try await store.recentFrames(stationId: "CS-001", limit: 10).isEmpty)
        #expect(try await store.recentFrames(stationId: "CS-002", limit: 10).count == 1)
        #expect(try await store.station(id: "CS-002") != nil)
    }
}
