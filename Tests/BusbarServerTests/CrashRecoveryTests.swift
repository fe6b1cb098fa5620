import BusbarSimulator
import Foundation
import OCPP
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// E01–E07 durability: a TransactionEvent the CSMS acknowledged is stored, even when the server
/// process is killed with SIGKILL while stations are sending as fast as they can. Runs the real
/// `busbar serve` executable as a child process and restarts it on the same data folder.
@Suite("Crash recovery of the busbar executable")
struct CrashRecoveryTests {
    static let password = "crash-test-password-123"

    @Test(
        "E01–E07 — every TransactionEvent acknowledged before kill -9 is stored after a restart",
        .enabled(if: BusbarExecutable.path != nil, "the busbar executable is not built; run `swift build --build-tests` first"),
        .timeLimit(.minutes(3)))
    func acknowledgedEventsSurviveKill() async throws {
        let executable = try #require(BusbarExecutable.path)
        let work = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let dataDir = work + "/data"
        let stationIds = (1...6).map { "CS-CRASH-\($0)" }
        for id in stationIds {
            let output = try BusbarExecutable.runToCompletion(
                executable, ["stations", "add", id, "--password", Self.password, "--data-dir", dataDir], workingDirectory: work)
            #expect(output.contains("registered \(id)"), "busbar stations add said: \(output)")
        }

        let acknowledged = AcknowledgedEvents()
        let first = try ServeProcess(executable: executable, dataDir: dataDir, log: work + "/serve-1.log")
        defer { first.kill() }
        let firstPorts = try await first.waitForPorts()

        let stations = stationIds.map { id in
            ChargingStationSimulator(
                configuration: SimulatorConfiguration(
                    serverURL: "ws://127.0.0.1:\(firstPorts.ocpp)/ocpp", stationId: id, password: Self.password,
                    responseTimeout: .seconds(20)))
        }
        for station in stations {
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
        }

        let killedMidBurst = try await withThrowingTaskGroup(of: Void.self) { group in
            for station in stations {
                group.addTask { await Self.sendTransactionEventsUntilCut(station, recording: acknowledged) }
            }
            // Enough acknowledged events that the kill lands in a running burst with real data behind it.
            let reached = try await eventually(timeout: .seconds(60)) { acknowledged.count >= 1_000 }
            let stillSending = acknowledged.count
            first.kill()
            try await group.waitForAll()
            return reached && acknowledged.count >= stillSending
        }
        #expect(killedMidBurst, "the stations acknowledged only \(acknowledged.count) events in 60 s")
        #expect(first.terminationSignal == SIGKILL)

        let second = try ServeProcess(executable: executable, dataDir: dataDir, log: work + "/serve-2.log")
        defer { second.kill() }
        let secondPorts = try await second.waitForPorts()
        let api = APIClient(baseURL: "http://127.0.0.1:\(secondPorts.api)")
        #expect(try await api.get("/healthz").status == 200)

        let expected = acknowledged.byTransaction
        #expect(expected.count >= stationIds.count)
        var missing: [String] = []
        for (key, seqNos) in expected.sorted(by: { $0.key.transactionId < $1.key.transactionId }) {
            let reply = try await api.get("/api/v1/transactions/\(key.transactionId)?stationId=\(key.stationId)")
            guard reply.status == 200 else {
                missing.append("\(key.transactionId): HTTP \(reply.status), \(seqNos.count) acknowledged events")
                continue
            }
            let stored = Set(reply.body["events"]?.arrayValue?.compactMap { $0["seqNo"]?.intValue } ?? [])
            let lost = seqNos.subtracting(stored)
            if !lost.isEmpty { missing.append("\(key.transactionId): seqNo \(lost.sorted()) acknowledged but not stored") }
            if seqNos.contains(Self.eventsPerTransaction - 1) {
                #expect(reply.body["active"] == false, "\(key.transactionId) was acknowledged as Ended")
            }
        }
        #expect(missing.isEmpty, "\(missing.count) transactions lost acknowledged events: \(missing.prefix(10))")

        // The database is usable after the crash: a station reconnects and its next event is stored.
        let back = ChargingStationSimulator(
            configuration: SimulatorConfiguration(
                serverURL: "ws://127.0.0.1:\(secondPorts.ocpp)/ocpp", stationId: stationIds[0], password: Self.password))
        try await back.connect()
        #expect(try await back.boot().status == .accepted)
        _ = try await back.call(action: "TransactionEvent", payload: Self.event(transactionId: "CS-CRASH-1-AFTER", seqNo: 0))
        #expect(try await api.get("/api/v1/transactions/CS-CRASH-1-AFTER").status == 200)
        await back.disconnect()
    }

    /// Events per transaction: Started, Updated…, Ended.
    static let eventsPerTransaction = 25

    /// Sends TransactionEvents back to back (one outstanding CALL, as OCPP requires) and records
    /// each one the CSMS acknowledged, until the connection is cut.
    static func sendTransactionEventsUntilCut(_ station: ChargingStationSimulator, recording acknowledged: AcknowledgedEvents) async {
        var transaction = 0
        while true {
            let transactionId = "\(station.stationId)-TX\(transaction)"
            for seqNo in 0..<eventsPerTransaction {
                do {
                    _ = try await station.call(action: "TransactionEvent", payload: event(transactionId: transactionId, seqNo: seqNo))
                } catch {
                    return
                }
                acknowledged.record(stationId: station.stationId, transactionId: transactionId, seqNo: seqNo)
            }
            transaction += 1
        }
    }

    /// A schema-valid TransactionEvent with a meter value, so each one writes several rows.
    static func event(transactionId: String, seqNo: Int) -> JSONValue {
        let eventType = seqNo == 0 ? "Started" : seqNo == eventsPerTransaction - 1 ? "Ended" : "Updated"
        let now = JSONValue.string(OCPPDateTime.format(Date()))
        var transactionInfo: [String: JSONValue] = ["transactionId": .string(transactionId), "chargingState": "Charging"]
        if eventType == "Ended" { transactionInfo["stoppedReason"] = "EVDisconnected" }
        return [
            "eventType": .string(eventType), "timestamp": now,
            "triggerReason": seqNo == 0 ? "CablePluggedIn" : eventType == "Ended" ? "EVCommunicationLost" : "MeterValuePeriodic",
            "seqNo": .number(Double(seqNo)), "transactionInfo": .object(transactionInfo), "evse": ["id": 1, "connectorId": 1],
            "meterValue": [
                [
                    "timestamp": now,
                    "sampledValue": [
                        [
                            "value": .number(Double(seqNo) * 10), "measurand": "Energy.Active.Import.Register",
                            "unitOfMeasure": ["unit": "Wh"],
                        ]
                    ],
                ]
            ],
        ]
    }
}

/// The (transactionId, seqNo) pairs whose CALLRESULT arrived, shared by the sending tasks.
final class AcknowledgedEvents: Sendable {
    struct Key: Hashable, Sendable {
        let stationId: String
        let transactionId: String
    }

    private let events = Mutex<[Key: Set<Int>]>([:])
    private let total = Atomic<Int>(0)

    func record(stationId: String, transactionId: String, seqNo: Int) {
        events.withLock { _ = $0[Key(stationId: stationId, transactionId: transactionId), default: []].insert(seqNo) }
        total.add(1, ordering: .relaxed)
    }

    var count: Int { total.load(ordering: .relaxed) }
    var byTransaction: [Key: Set<Int>] { events.withLock { $0 } }
}

/// Finds and runs the `busbar` executable the package builds.
enum BusbarExecutable {
    /// Next to the test bundle (any build folder or configuration), else `.build/debug` of this package.
    static let path: String? = {
        var candidates: [String] = []
        if let runner = CommandLine.arguments.first {
            var folder = URL(fileURLWithPath: runner).deletingLastPathComponent()
            // `swift test` may run `…/debug/busbarPackageTests.xctest` or a binary inside it.
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("busbar").path)
                folder = folder.deletingLastPathComponent()
            }
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/busbar").path)
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }()

    /// Runs a short command (e.g. `stations add`) and returns its output; throws when it fails.
    static func runToCompletion(_ executable: String, _ arguments: [String], workingDirectory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildProcessError("busbar \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(output)")
        }
        return output
    }
}

/// A failure of a child process, with what it printed.
struct ChildProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `busbar serve` as a child process on ports the kernel picks (`--ocpp-port 0 --api-port 0`),
/// read back from its "listener ready" log lines, so two test runs can never race for a port.
final class ServeProcess: @unchecked Sendable {
    struct Ports {
        let ocpp: Int
        let api: Int
    }

    private let process = Process()
    private let logPath: String
    private let lock = NSLock()

    init(executable: String, dataDir: String, log: String) throws {
        logPath = log
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "serve", "--data-dir", dataDir, "--ocpp-host", "127.0.0.1", "--ocpp-port", "0", "--api-port", "0", "--log-level", "info",
        ]
        process.currentDirectoryURL = URL(fileURLWithPath: dataDir).deletingLastPathComponent()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? output.close()
    }

    /// What the server has logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits for both listeners to report their port; fails with the log when the server exits or stalls.
    func waitForPorts(timeout: Duration = .seconds(60)) async throws -> Ports {
        let ocppPattern = try Regex(#"ws://127\.0\.0\.1:(\d+)/"#)
        let apiPattern = try Regex(#"http://127\.0\.0\.1:(\d+)/api/v1"#)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = log
            if let ocpp = text.firstMatch(of: ocppPattern)?.output[1].substring.flatMap({ Int($0) }),
                let api = text.firstMatch(of: apiPattern)?.output[1].substring.flatMap({ Int($0) })
            {
                return Ports(ocpp: ocpp, api: api)
            }
            guard process.isRunning else {
                throw ChildProcessError("busbar serve exited (\(process.terminationStatus)) before listening:\n\(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcessError("busbar serve did not report its ports within \(timeout):\n\(log)")
    }

    /// SIGKILL, then reaps the child; safe to call more than once.
    func kill() {
        lock.lock()
        defer { lock.unlock() }
        if process.isRunning {
            #if canImport(Glibc)
                _ = Glibc.kill(process.processIdentifier, SIGKILL)
            #else
                _ = Darwin.kill(process.processIdentifier, SIGKILL)
            #endif
        }
        process.waitUntilExit()
    }

    /// The signal that ended the child, if a signal did.
    var terminationSignal: Int32? {
        process.isRunning || process.terminationReason != .uncaughtSignal ? nil : process.terminationStatus
    }
}
