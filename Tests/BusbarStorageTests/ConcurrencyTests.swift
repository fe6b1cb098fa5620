import BusbarStorage
import Foundation
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
    @Test func concurrentAppendsFromManyTasksLandExactlyOnce() async throws {
        let store = try await makeStore()
        let tasks = 50
        let eventsPerTask = 40
        let outcomes = try await withThrowingTaskGroup(of: [AppendOutcome].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var outcomes: [AppendOutcome] = []
                    for seqNo in 0..<eventsPerTask {
                        let event = transactionEvent(
                            transaction: "TX-\(task)", seqNo: seqNo, type: seqNo == 0 ? .started : .updated)
                        let meter = MeterValueRecord(
                            stationId: "CS-001", transactionId: "TX-\(task)", timestamp: instant(Double(seqNo)),
                            value: Double(seqNo))
                        outcomes.append(
                            try await store.appendTransactionEvent(
                                event, meterValues: [meter], transaction: .init(evseId: 1)))
                        // Redeliver every tenth event from the same task: it must not land twice.
                        if seqNo.isMultiple(of: 10) {
                            outcomes.append(
                                try await store.appendTransactionEvent(
                                    event, meterValues: [meter], transaction: .init()))
                        }
                    }
                    return outcomes
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(outcomes.filter { $0 == .duplicate }.count == tasks * 4)
        #expect(outcomes.filter { $0 == .stored(gaps: []) }.count == tasks * eventsPerTask)

        let transactions = try await store.transactions(stationId: "CS-001", active: nil, limit: 1_000)
        #expect(transactions.count == tasks)
        #expect(transactions.allSatisfy { $0.eventCount == eventsPerTask && $0.lastSeqNo == eventsPerTask - 1 })
        for task in 0..<tasks {
            let events = try await store.transactionEvents(stationId: "CS-001", transactionId: "TX-\(task)")
            #expect(events.map(\.seqNo) == Array(0..<eventsPerTask))
            #expect(
                try await store.meterValues(stationId: "CS-001", transactionId: "TX-\(task)").count == eventsPerTask)
        }
    }

    @Test func writesStreamingInShareCommitsAndTheObserverCountsEachWriteOnce() async throws {
        let commits = Mutex<[Int]>([])
        let store = try await makeStore(
            configuration: .init(
                commitGatherWindow: .milliseconds(5), commitObserver: { writes in commits.withLock { $0.append(writes) } }))
        let before = commits.withLock { $0.reduce(0, +) }
        let writes = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<writes {
                group.addTask {
                    try await store.recordConnectorStatus(
                        ConnectorStatusRecord(
                            stationId: "CS-001", evseId: 1 + index % 4, connectorId: 1, status: "Occupied",
                            timestamp: instant(Double(index))))
                }
            }
            try await group.waitForAll()
        }
        let batches = commits.withLock { $0 }
        #expect(batches.reduce(0, +) - before == writes)
        // Streaming writes waited for company: far fewer commits than writes.
        #expect(batches.count < writes / 2, "\(batches.count) commits for \(writes) writes")
        #expect(try await store.connectorStatusHistory(stationId: "CS-001", limit: 1_000).count == writes)
    }

    @Test func aWriteOnAQuietStoreCommitsWithoutWaitingForTheGatherWindow() async throws {
        let store = try await makeStore(configuration: .init(commitGatherWindow: .seconds(60)))
        let started = ContinuousClock.now
        try await store.recordConnectorStatus(
            ConnectorStatusRecord(stationId: "CS-001", evseId: 1, connectorId: 1, status: "Available", timestamp: instant()))
        try await store.recordConnectorStatus(
            ConnectorStatusRecord(stationId: "CS-001", evseId: 1, connectorId: 1, status: "Occupied", timestamp: instant(1)))
        // Sequential writes never find company; a 60-s window that applied to them would show (the
        // bound leaves room for a loaded CI machine).
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func concurrentRedeliveriesOfOneEventStoreItOnce() async throws {
        let store = try await makeStore()
        let event = transactionEvent(seqNo: 0, type: .started)
        let outcomes = try await withThrowingTaskGroup(of: AppendOutcome.self) { group in
            for _ in 0..<20 {
                group.addTask { try await store.appendTransactionEvent(event, meterValues: [], transaction: .init()) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .duplicate }.count == 19)
        #expect(try await store.transactionEvents(stationId: "CS-001", transactionId: "TX-1").count == 1)
    }

    @Test func aFailingWriteInASharedCommitUndoesOnlyItself() async throws {
        let store = try await makeStore(station: nil)
        // Duplicates and valid creations race into the same group commits.
        let results: [(id: String, code: StorageError.Code?)] = await withTaskGroup(
            of: (id: String, code: StorageError.Code?).self
        ) { group in
            for index in 0..<200 {
                let id = index.isMultiple(of: 2) ? "CS-SAME" : "CS-\(index)"
                group.addTask {
                    do throws(StorageError) {
                        _ = try await store.createStation(StationRecord(id: id))
                        return (id, nil)
                    } catch {
                        return (id, error.code)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let same = results.filter { $0.id == "CS-SAME" }
        let others = results.filter { $0.id != "CS-SAME" }
        #expect(same.filter { $0.code == nil }.count == 1)
        #expect(same.filter { $0.code == .conflict }.count == 99)
        #expect(others.allSatisfy { $0.code == nil })
        #expect(try await store.stations().count == 101)
    }

    @Test func concurrentTokenLookupsEachSeeTheWritesCommittedBeforeThem() async throws {
        let store = try await makeStore()
        // Each task writes its own token, then looks it up while hundreds of other lookups are
        // in flight: batching lookups must never serve one from a snapshot older than its write.
        let found = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<300 {
                group.addTask {
                    let token = "TOKEN-\(index)"
                    _ = try await store.upsertIdToken(IdTokenRecord(idToken: token, type: "ISO14443", status: "Blocked"))
                    let record = try await store.idToken(token, type: "ISO14443")
                    let missing = try await store.idToken("NO-SUCH-\(index)", type: "ISO14443")
                    return record?.status == "Blocked" && missing == nil
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(found.count == 300)
        #expect(found.allSatisfy { $0 })
    }
}
