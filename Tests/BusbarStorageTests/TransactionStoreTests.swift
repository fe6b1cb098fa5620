import BusbarStorage
import Foundation
import Testing

@Suite struct TransactionStoreTests {
    @Test func startedEventCreatesAnActiveTransaction() async throws {
        let store = try await makeStore()
        let outcome = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started, at: 10), meterValues: [],
            transaction: TransactionUpdate(
                evseId: 1, connectorId: 2, idToken: "04A1", idTokenType: "ISO14443", remoteStartId: 7,
                chargingState: "EVConnected"))
        #expect(outcome == .stored(gaps: []))
        let transaction = try #require(try await store.transaction(stationId: "CS-001", transactionId: "TX-1"))
        #expect(transaction.isActive)
        #expect(transaction.evseId == 1)
        #expect(transaction.connectorId == 2)
        #expect(transaction.idToken == "04A1")
        #expect(transaction.idTokenType == "ISO14443")
        #expect(transaction.remoteStartId == 7)
        #expect(transaction.chargingState == "EVConnected")
        #expect(transaction.startedAt == instant(10))
        #expect(transaction.lastSeqNo == 0)
        #expect(transaction.endedAt == nil)
    }

    @Test func redeliveredEventIsADuplicateAndWritesNothing() async throws {
        let store = try await makeStore()
        let meter = MeterValueRecord(stationId: "CS-001", transactionId: "TX-1", timestamp: instant(), value: 10)
        let event = transactionEvent(seqNo: 0, type: .started)
        #expect(
            try await store.appendTransactionEvent(event, meterValues: [meter], transaction: .init(evseId: 1))
                == .stored(gaps: []))
        var redelivered = event
        redelivered.payload = #"{"different":true}"#
        #expect(
            try await store.appendTransactionEvent(
                redelivered, meterValues: [meter], transaction: .init(chargingState: "Charging"))
                == .duplicate)

        let events = try await store.transactionEvents(stationId: "CS-001", transactionId: "TX-1")
        #expect(events == [event])
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-1").count == 1)
        let transaction = try #require(try await store.transaction(stationId: "CS-001", transactionId: "TX-1"))
        #expect(transaction.eventCount == 1)
        #expect(transaction.chargingState == nil)
    }

    @Test func missingSeqNosAreReportedAsGapsUntilTheyArrive() async throws {
        let store = try await makeStore()
        #expect(
            try await store.appendTransactionEvent(
                transactionEvent(seqNo: 0, type: .started), meterValues: [], transaction: .init()) == .stored(gaps: []))
        #expect(
            try await store.appendTransactionEvent(transactionEvent(seqNo: 3), meterValues: [], transaction: .init())
                == .stored(gaps: [1, 2]))
        #expect(
            try await store.appendTransactionEvent(transactionEvent(seqNo: 2), meterValues: [], transaction: .init())
                == .stored(gaps: [1]))
        #expect(
            try await store.appendTransactionEvent(transactionEvent(seqNo: 1), meterValues: [], transaction: .init())
                == .stored(gaps: []))
        #expect(
            try await store.appendTransactionEvent(transactionEvent(seqNo: 4), meterValues: [], transaction: .init())
                == .stored(gaps: []))
        let seqNos = try await store.transactionEvents(stationId: "CS-001", transactionId: "TX-1").map(\.seqNo)
        #expect(seqNos == [0, 1, 2, 3, 4])
    }

    @Test func gapListIsCapped() async throws {
        let store = try await makeStore()
        let outcome = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 1_000_000), meterValues: [], transaction: .init())
        #expect(outcome == .stored(gaps: Array(0..<AppendOutcome.maxReportedGaps)))
    }

    @Test func endedEventClosesTheTransaction() async throws {
        let store = try await makeStore()
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started, at: 0), meterValues: [], transaction: .init(evseId: 1))
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 1, type: .ended, at: 60), meterValues: [],
            transaction: .init(chargingState: "Idle", stoppedReason: "EVDisconnected"))
        let transaction = try #require(try await store.transaction(stationId: "CS-001", transactionId: "TX-1"))
        #expect(!transaction.isActive)
        #expect(transaction.endedAt == instant(60))
        #expect(transaction.stoppedReason == "EVDisconnected")
        #expect(transaction.evseId == 1)
        #expect(try await store.transactions(stationId: "CS-001", active: true).isEmpty)
        #expect(try await store.transactions(stationId: "CS-001", active: false).count == 1)
    }

    @Test func lateEventsNeitherReopenNorMoveTheStartForward() async throws {
        let store = try await makeStore()
        // Offline: the Ended and an Updated arrive before the Started.
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 2, type: .ended, at: 90), meterValues: [],
            transaction: .init(stoppedReason: "Local"))
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 1, type: .updated, at: 30), meterValues: [], transaction: .init())
        let outcome = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started, at: 10), meterValues: [], transaction: .init(evseId: 2))
        #expect(outcome == .stored(gaps: []))
        let transaction = try #require(try await store.transaction(stationId: "CS-001", transactionId: "TX-1"))
        #expect(!transaction.isActive)
        #expect(transaction.startedAt == instant(10))
        #expect(transaction.endedAt == instant(90))
        #expect(transaction.lastSeqNo == 2)
        #expect(transaction.evseId == 2)
    }

    @Test func updatedEventForAnUnknownTransactionCreatesIt() async throws {
        let store = try await makeStore()
        let outcome = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 5, type: .updated, at: 50), meterValues: [], transaction: .init(evseId: 1))
        #expect(outcome == .stored(gaps: [0, 1, 2, 3, 4]))
        let transaction = try #require(try await store.transaction(stationId: "CS-001", transactionId: "TX-1"))
        #expect(transaction.isActive)
        #expect(transaction.startedAt == instant(50))
    }

    @Test func meterValuesAreStoredWithTheirFields() async throws {
        let store = try await makeStore()
        let values = [
            MeterValueRecord(
                stationId: "CS-001", transactionId: "TX-1", evseId: 1, timestamp: instant(1),
                measurand: "Energy.Active.Import.Register", unit: "Wh", context: "Transaction.Begin",
                location: "Outlet",
                value: 1234.5, signedData: #"{"signedMeterData":"AAA","signingMethod":"ECDSA"}"#),
            MeterValueRecord(
                stationId: "CS-001", transactionId: "TX-1", evseId: 1, timestamp: instant(1),
                measurand: "Current.Import", phase: "L1", unit: "A", value: 16),
        ]
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started), meterValues: values, transaction: .init(evseId: 1))
        let stored = try await store.meterValues(stationId: "CS-001", transactionId: "TX-1")
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0.id != nil })
        #expect(
            stored.map {
                var value = $0; value.id = nil; return value
            } == values)
    }

    @Test func meterValuesOutsideATransactionAreKeptApart() async throws {
        let store = try await makeStore()
        try await store.appendMeterValues([
            MeterValueRecord(
                stationId: "CS-001", evseId: 0, timestamp: instant(2), measurand: "Power.Active.Import", unit: "W",
                value: 11_000),
            MeterValueRecord(
                stationId: "CS-001", evseId: 0, timestamp: instant(1), measurand: "Power.Active.Import", unit: "W",
                value: 7_000),
        ])
        let stored = try await store.meterValues(stationId: "CS-001", transactionId: nil)
        #expect(stored.map(\.value) == [7_000, 11_000])
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-1").isEmpty)
    }

    @Test func meterValuesOfSeveralEventsComeBackInTimeOrderWithoutOtherTransactions() async throws {
        let store = try await makeStore()
        func values(_ transaction: String, _ seconds: [Double]) -> [MeterValueRecord] {
            seconds.map {
                MeterValueRecord(stationId: "CS-001", transactionId: transaction, timestamp: instant($0), value: $0)
            }
        }
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 0, type: .started), meterValues: values("TX-1", [1, 2]), transaction: .init())
        _ = try await store.appendTransactionEvent(
            transactionEvent(transaction: "TX-2", seqNo: 0, type: .started), meterValues: values("TX-2", [3]),
            transaction: .init())
        try await store.appendMeterValues([MeterValueRecord(stationId: "CS-001", timestamp: instant(4), value: 4)])
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 1), meterValues: values("TX-1", [6, 5]), transaction: .init())
        // A redelivered event stores nothing, so its values are not counted twice either.
        _ = try await store.appendTransactionEvent(
            transactionEvent(seqNo: 1), meterValues: values("TX-1", [6, 5]), transaction: .init())
        _ = try await store.appendTransactionEvent(transactionEvent(seqNo: 2), meterValues: [], transaction: .init())

        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-1").map(\.value) == [1, 2, 5, 6])
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: "TX-2").map(\.value) == [3])
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: nil).map(\.value) == [4])
    }

    @Test func meterValuesOutsideATransactionMustNameNoTransactionAndAKnownStation() async throws {
        let store = try await makeStore()
        let named = await #expect(throws: StorageError.self) {
            try await store.appendMeterValues([
                MeterValueRecord(stationId: "CS-001", transactionId: "TX-1", timestamp: instant(), value: 1)
            ])
        }
        #expect(named?.code == .invalid)
        #expect(named?.message.contains("transactionId") == true)
        let unknown = await #expect(throws: StorageError.self) {
            try await store.appendMeterValues([MeterValueRecord(stationId: "CS-404", timestamp: instant(), value: 1)])
        }
        #expect(unknown?.code == .notFound)
        #expect(try await store.meterValues(stationId: "CS-001", transactionId: nil).isEmpty)
    }

    @Test func meterValuesOfAnotherTransactionAreRejected() async throws {
        let store = try await makeStore()
        let error = await #expect(throws: StorageError.self) {
            try await store.appendTransactionEvent(
                transactionEvent(seqNo: 0, type: .started),
                meterValues: [
                    MeterValueRecord(stationId: "CS-001", transactionId: "TX-2", timestamp: instant(), value: 1)
                ],
                transaction: .init())
        }
        #expect(error?.code == .invalid)
        #expect(try await store.transactions().isEmpty)
    }

    @Test func eventForAnUnknownStationIsNotFound() async throws {
        let store = try await makeStore(station: nil)
        let error = await #expect(throws: StorageError.self) {
            try await store.appendTransactionEvent(
                transactionEvent(seqNo: 0, type: .started), meterValues: [], transaction: .init())
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("CS-001/TX-1#0") == true)
    }

    @Test func transactionsAreFoundByIdAloneAcrossStations() async throws {
        let store = try await makeStore()
        _ = try await store.createStation(StationRecord(id: "CS-002"))
        _ = try await store.appendTransactionEvent(
            transactionEvent(station: "CS-001", transaction: "SAME", seqNo: 0, type: .started), meterValues: [],
            transaction: .init())
        _ = try await store.appendTransactionEvent(
            transactionEvent(station: "CS-002", transaction: "SAME", seqNo: 0, type: .started), meterValues: [],
            transaction: .init())
        _ = try await store.appendTransactionEvent(
            transactionEvent(station: "CS-002", transaction: "OTHER", seqNo: 0, type: .started, at: 100),
            meterValues: [], transaction: .init())
        #expect(try await store.transactions(withId: "SAME").map(\.stationId) == ["CS-001", "CS-002"])
        #expect(try await store.transactions(stationId: "CS-002").map(\.transactionId) == ["OTHER", "SAME"])
        #expect(try await store.transactions().count == 3)
        #expect(try await store.transactions(stationId: nil, active: true, limit: 2).count == 2)
    }

    @Test func overlongTransactionIdIsInvalid() async throws {
        let store = try await makeStore()
        let error = await #expect(throws: StorageError.self) {
            try await store.appendTransactionEvent(
                transactionEvent(transaction: String(repeating: "t", count: 37), seqNo: 0, type: .started),
                meterValues: [], transaction: .init())
        }
        #expect(error?.code == .invalid)
    }
}
