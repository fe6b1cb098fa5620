import BusbarStorage
import Foundation

/// Storage write cost without sockets (not a test): the acknowledged writes of the bench's mix
/// — StatusNotification and TransactionEvent with a dozen sampled values — straight into a
/// `SQLiteStore` on a fresh folder, from a number of concurrent writers, as the server does.
/// Prints wall time and the process's CPU per write, which is what the group commit, the schema
/// and the SQLite settings trade against each other.
///
///     busbar-store-bench [stations=10000] [writes=60000] [concurrent writers=16]
@main
enum StoreBench {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let stations = arguments.first ?? 10_000
        let writes = arguments.dropFirst().first ?? 60_000
        let writers = max(1, arguments.dropFirst(2).first ?? 16)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busbar-store-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("busbar.sqlite").path)
        for index in 0..<stations {
            _ = try await store.createStation(StationRecord(id: stationId(index)))
        }
        // One warm-up pass so every station has a transaction and every table its pages.
        try await run(store: store, stations: stations, writes: stations, writers: writers, round: 0)
        let before = ProcessCPU.now()
        let start = ContinuousClock.now
        try await run(store: store, stations: stations, writes: writes, writers: writers, round: 1)
        let wall = ContinuousClock.now - start
        let cpu = ProcessCPU.now() - before
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        print(
            String(
                format: "%d stations, %d writes from %d writers: %.2f s wall, %.0f writes/s; CPU %.1f µs/write (%.1f user + %.1f system)",
                stations, writes, writers, seconds, Double(writes) / seconds, 1e6 * (cpu.user + cpu.system) / Double(writes),
                1e6 * cpu.user / Double(writes), 1e6 * cpu.system / Double(writes)))
        try await store.close()
    }

    static func stationId(_ index: Int) -> String { "STORE-" + String(index) }

    /// `writers` tasks each take every `writers`-th write; write w goes to station w mod N.
    static func run(store: SQLiteStore, stations: Int, writes: Int, writers: Int, round: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var write = writer
                    while write < writes {
                        try await one(write, store: store, stations: stations, round: round)
                        write += writers
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Two writes in five are a StatusNotification, three a TransactionEvent (as in busbar-bench).
    static func one(_ write: Int, store: SQLiteStore, stations: Int, round: Int) async throws {
        let station = stationId(write % stations)
        let sequence = write / stations + round * 1_000_000
        let now = Date()
        if write % 5 < 2 {
            try await store.recordConnectorStatus(
                ConnectorStatusRecord(
                    stationId: station, evseId: 1, connectorId: 1, status: sequence % 2 == 0 ? "Occupied" : "Available",
                    timestamp: now))
            return
        }
        let transactionId = "TX-\(round)-\(write % stations)"
        let event = TransactionEventRecord(
            stationId: station, transactionId: transactionId, seqNo: sequence, eventType: sequence == 0 ? .started : .updated,
            timestamp: now, triggerReason: "MeterValuePeriodic", payload: payload)
        let values = measurands.map { measurand in
            MeterValueRecord(
                stationId: station, transactionId: transactionId, evseId: 1, timestamp: now, measurand: measurand.0,
                phase: measurand.1, unit: measurand.2, context: "Sample.Periodic", value: Double(sequence) * 1.5)
        }
        _ = try await store.appendTransactionEvent(
            event, meterValues: values, transaction: TransactionUpdate(evseId: 1, connectorId: 1, chargingState: "Charging"))
    }

    static let measurands: [(String, String?, String)] = [
        ("Energy.Active.Import.Register", nil, "Wh"), ("Power.Active.Import", nil, "W"),
        ("Current.Import", "L1", "A"), ("Current.Import", "L2", "A"), ("Current.Import", "L3", "A"),
        ("Voltage", "L1-N", "V"), ("Voltage", "L2-N", "V"), ("Voltage", "L3-N", "V"),
        ("Power.Active.Import", "L1", "W"), ("Power.Active.Import", "L2", "W"), ("Power.Active.Import", "L3", "W"),
        ("SoC", nil, "Percent"),
    ]

    /// A TransactionEvent of the bench's size (the store keeps the payload as received).
    static let payload = String(repeating: "{\"sampledValue\":[{\"value\":1234.5,\"measurand\":\"Voltage\"}]}", count: 20)
}

/// This process's user and system CPU seconds (getrusage).
struct ProcessCPU {
    var user: Double
    var system: Double

    static func now() -> ProcessCPU {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return ProcessCPU(
            user: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            system: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }

    static func - (lhs: ProcessCPU, rhs: ProcessCPU) -> ProcessCPU {
        ProcessCPU(user: lhs.user - rhs.user, system: lhs.system - rhs.system)
    }
}
