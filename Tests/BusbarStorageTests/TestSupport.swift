import BusbarStorage
import Foundation

/// A fresh directory under the system temp directory, one per test, so tests run in parallel.
func temporaryDatabasePath(_ name: String = "busbar.sqlite") -> String {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("busbar-storage-tests")
        .appendingPathComponent(UUID().uuidString)
    return directory.appendingPathComponent(name).path
}

/// A store on a new file, with a station already created when `station` is given.
func makeStore(
    path: String = temporaryDatabasePath(),
    configuration: SQLiteStore.Configuration = .init(),
    station: String? = "CS-001"
) async throws -> SQLiteStore {
    let store = try SQLiteStore(path: path, configuration: configuration)
    if let station {
        _ = try await store.createStation(StationRecord(id: station))
    }
    return store
}

/// A fixed instant plus `seconds`, whole milliseconds so it survives the database unchanged.
func instant(_ seconds: Double = 0) -> Date {
    Date(timeIntervalSince1970: 1_750_000_000 + seconds)
}

func transactionEvent(
    station: String = "CS-001", transaction: String = "TX-1", seqNo: Int, type: TransactionEventType = .updated,
    at seconds: Double? = nil
) -> TransactionEventRecord {
    TransactionEventRecord(
        stationId: station, transactionId: transaction, seqNo: seqNo, eventType: type,
        timestamp: instant(seconds ?? Double(seqNo)), triggerReason: "MeterValuePeriodic",
        payload: #"{"seqNo":\#(seqNo)}"#, receivedAt: instant(seconds ?? Double(seqNo)))
}
