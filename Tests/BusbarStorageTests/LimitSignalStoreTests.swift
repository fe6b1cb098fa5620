import BusbarStorage
import Foundation
import Testing

/// `LimitSignalStore` and `SiteDocumentStore` on SQLite (migration v7): utility limit signals
/// survive a restart, a retried POST (same external id) stores nothing new, withdrawals are
/// stamped rather than deleted, and site documents written through the API come back whole.
@Suite("Limit signal and site document store")
struct LimitSignalStoreTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a signal survives a reopen, is listed by end, and a withdrawal is stamped once and kept")
    func durableAndAudited() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path, station: nil)
        let (created, isNew) = try await store.createLimitSignal(
            LimitSignalRecord(
                id: "lim_1", siteId: "office", nodeId: "grid", startsAt: start, endsAt: start + 3600, importLimitKW: 40,
                importLimitA: [50, 55, 60], source: "dso-north", externalId: "evt-7", createdByKeyId: "key_u"))
        #expect(isNew)
        #expect(created.importLimitA == [50, 55, 60])
        _ = try await store.createLimitSignal(
            LimitSignalRecord(id: "lim_2", siteId: "office", nodeId: "grid", startsAt: start - 7200, endsAt: start - 3600,
                importLimitKW: 10, source: "dso-north"))
        #expect(try await store.limitSignals(siteId: "office", endingAfter: start, includeWithdrawn: false).map(\.id) == ["lim_1"])
        #expect(try await store.limitSignals(siteId: "office", endingAfter: nil, includeWithdrawn: false).map(\.id) == ["lim_2", "lim_1"])
        #expect(try await store.limitSignals(siteId: "depot", endingAfter: nil, includeWithdrawn: true).isEmpty)

        let withdrawn = try await store.withdrawLimitSignal(siteId: "office", id: "lim_1", byKeyId: "key_op")
        #expect(withdrawn.withdrawnAt != nil && withdrawn.withdrawnByKeyId == "key_op")
        #expect(!withdrawn.isInForce(at: start + 10))
        let again = try await store.withdrawLimitSignal(siteId: "office", id: "lim_1", byKeyId: "key_other")
        #expect(again.withdrawnAt == withdrawn.withdrawnAt && again.withdrawnByKeyId == "key_op")
        try await store.close()

        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.limitSignal(siteId: "office", id: "lim_1") == withdrawn)
        #expect(try await reopened.limitSignals(siteId: "office", endingAfter: nil, includeWithdrawn: false).map(\.id) == ["lim_2"])
        #expect(try await reopened.limitSignals(siteId: "office", endingAfter: nil, includeWithdrawn: true).count == 2)
        #expect(try await reopened.limitSignal(siteId: "depot", id: "lim_1") == nil)
        try await reopened.close()
    }

    @Test("a retried signal with the same source and external id returns the first and stores nothing")
    func idempotentRetry() async throws {
        let store = try await makeStore(station: nil)
        let first = try await store.createLimitSignal(
            LimitSignalRecord(id: "lim_a", siteId: "office", nodeId: "grid", startsAt: start, endsAt: start + 60,
                importLimitKW: 5, source: "dso", externalId: "e1"))
        let retry = try await store.createLimitSignal(
            LimitSignalRecord(id: "lim_b", siteId: "office", nodeId: "grid", startsAt: start, endsAt: start + 60,
                importLimitKW: 5, source: "dso", externalId: "e1"))
        #expect(first.created && !retry.created && retry.signal.id == "lim_a")
        let otherSource = try await store.createLimitSignal(
            LimitSignalRecord(id: "lim_c", siteId: "office", nodeId: "grid", startsAt: start, endsAt: start + 60,
                importLimitKW: 5, source: "tso", externalId: "e1"))
        #expect(otherSource.created)
        #expect(try await store.limitSignals(siteId: "office", endingAfter: nil, includeWithdrawn: true).count == 2)
        try await store.close()
    }

    @Test(
        "an invalid signal is refused naming the field and nothing is stored",
        arguments: [
            ("endsAt", LimitSignalRecord(id: "x", siteId: "s", nodeId: "n", startsAt: Date(timeIntervalSince1970: 10),
                endsAt: Date(timeIntervalSince1970: 10), importLimitKW: 1, source: "u")),
            ("importLimitKW", LimitSignalRecord(id: "x", siteId: "s", nodeId: "n", startsAt: Date(timeIntervalSince1970: 10),
                endsAt: Date(timeIntervalSince1970: 20), source: "u")),
            ("importLimitKW", LimitSignalRecord(id: "x", siteId: "s", nodeId: "n", startsAt: Date(timeIntervalSince1970: 10),
                endsAt: Date(timeIntervalSince1970: 20), importLimitKW: -1, source: "u")),
            ("importLimitA", LimitSignalRecord(id: "x", siteId: "s", nodeId: "n", startsAt: Date(timeIntervalSince1970: 10),
                endsAt: Date(timeIntervalSince1970: 20), importLimitA: [10, .infinity, 10], source: "u")),
            ("nodeId", LimitSignalRecord(id: "x", siteId: "s", nodeId: "grid\u{0}x", startsAt: Date(timeIntervalSince1970: 10),
                endsAt: Date(timeIntervalSince1970: 20), importLimitKW: 1, source: "u")),
        ])
    func invalidRefused(field: String, signal: LimitSignalRecord) async throws {
        let store = try await makeStore(station: nil)
        do {
            _ = try await store.createLimitSignal(signal)
            Issue.record("an invalid signal was stored")
        } catch {
            #expect(error.code == .invalid)
            #expect(error.message.contains(field))
        }
        #expect(try await store.limitSignals(siteId: "s", endingAfter: nil, includeWithdrawn: true).isEmpty)
        try await store.close()
    }

    @Test("withdrawing an unknown signal is notFound")
    func withdrawUnknown() async throws {
        let store = try await makeStore(station: nil)
        await #expect(throws: StorageError.self) { _ = try await store.withdrawLimitSignal(siteId: "s", id: "nope", byKeyId: nil) }
        try await store.close()
    }

    @Test("a site document is stored whole, replaced on a second put, and kept across a reopen")
    func siteDocuments() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path, station: nil)
        let text = #"{"id":"office","name":"Büro ⚡","timezone":"Europe/Berlin"}"#
        _ = try await store.putSiteDocument(SiteDocumentRecord(id: "office", document: text, updatedByKeyId: "key_1"))
        let second = try await store.putSiteDocument(SiteDocumentRecord(id: "office", document: text + " ", updatedByKeyId: "key_2"))
        #expect(try await store.siteDocuments().count == 1)
        try await store.close()
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.siteDocument(id: "office") == second)
        #expect(try await reopened.siteDocument(id: "garage") == nil)
        try await reopened.close()
    }
}
