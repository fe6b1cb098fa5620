import BusbarStorage
import Foundation
import GRDB
import Testing

@Suite struct FrameLogStoreTests {
    @Test func framesAppearAfterAFlushNewestFirst() async throws {
        let store = try await makeStore()
        for index in 0..<5 {
            store.logFrame(
                FrameLogRecord(
                    stationId: "CS-001", direction: index.isMultiple(of: 2) ? .incoming : .outgoing,
                    text: "frame \(index)", at: instant(Double(index))))
        }
        try await store.flushFrameLog()
        let frames = try await store.recentFrames(stationId: "CS-001", limit: 3)
        #expect(frames.map(\.text) == ["frame 4", "frame 3", "frame 2"])
        #expect(frames.map(\.direction) == [.incoming, .outgoing, .incoming])
        #expect(frames.first?.at == instant(4))
    }

    @Test func frameLogKeepsOnlyTheNewestRows() async throws {
        let store = try await makeStore(configuration: .init(frameLogMaxRows: 100))
        for index in 0..<1_000 {
            store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: "\(index)"))
            if index.isMultiple(of: 90) { try await store.flushFrameLog() }
        }
        try await store.flushFrameLog()
        let frames = try await store.recentFrames(stationId: "CS-001", limit: 1_000)
        #expect(frames.count == 100)
        #expect(frames.first?.text == "999")
        #expect(frames.last?.text == "900")
    }

    @Test func framesAreWrittenWithoutAnExplicitFlush() async throws {
        let store = try await makeStore(configuration: .init(frameLogFlushInterval: .milliseconds(20)))
        store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: "tick"))
        var frames: [FrameLogRecord] = []
        for _ in 0..<200 where frames.isEmpty {
            try await Task.sleep(for: .milliseconds(10))
            frames = try await store.recentFrames(stationId: "CS-001", limit: 1)
        }
        #expect(frames.map(\.text) == ["tick"])
    }

    @Test func aFullBatchIsFlushedEarly() async throws {
        let store = try await makeStore(
            configuration: .init(frameLogFlushInterval: .seconds(3_600), frameLogFlushBatch: 10))
        for index in 0..<10 {
            store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: "\(index)"))
        }
        var count = 0
        for _ in 0..<200 where count < 10 {
            try await Task.sleep(for: .milliseconds(10))
            count = try await store.recentFrames(stationId: "CS-001", limit: 100).count
        }
        #expect(count == 10)
    }

    @Test func longFramesAreCutOnACharacterBoundary() async throws {
        let store = try await makeStore(configuration: .init(frameMaxBytes: 100))
        let text = String(repeating: "é", count: 200)
        store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .outgoing, text: text))
        try await store.flushFrameLog()
        let stored = try #require(try await store.recentFrames(stationId: "CS-001", limit: 1).first)
        #expect(stored.text.utf8.count <= 100)
        #expect(stored.text.hasPrefix("éé"))
        #expect(stored.text.hasSuffix("[truncated 400 bytes]"))
        #expect(!stored.text.contains("\u{FFFD}"))
    }

    @Test func theFrameLogLivesInItsOwnFileBesideTheDatabase() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path)
        store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: "hello"))
        try await store.close()

        let framesPath = (path as NSString).deletingLastPathComponent + "/busbar-frames.sqlite"
        let frames = try DatabaseQueue(path: framesPath)
        #expect(try await frames.read { try String.fetchAll($0, sql: "SELECT text FROM frameLog") } == ["hello"])
        try frames.close()
        let main = try DatabaseQueue(path: path)
        #expect(try await main.read { try $0.tableExists("frameLog") } == false)
        try main.close()
    }

    @Test func deletingAStationRemovesItsFrames() async throws {
        let store = try await makeStore()
        _ = try await store.createStation(StationRecord(id: "CS-002"))
        store.logFrame(FrameLogRecord(stationId: "CS-001", direction: .incoming, text: "one"))
        store.logFrame(FrameLogRecord(stationId: "CS-002", direction: .incoming, text: "two"))
        try await store.flushFrameLog()
        try await store.deleteStation(id: "CS-001")
        #expect(try await store.recentFrames(stationId: "CS-001", limit: 10).isEmpty)
        #expect(try await store.recentFrames(stationId: "CS-002", limit: 10).map(\.text) == ["two"])
    }
}
