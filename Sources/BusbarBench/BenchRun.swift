import BusbarSimulator
import Foundation
import Logging
import OCPP
import Synchronization

/// One bench run: register, connect and boot, drive the schedule, report, disconnect.
struct BenchRun: Sendable {
    let plan: BenchPlan

    func execute() async throws {
        let fileLimit = ProcessProbe.raiseOpenFileLimit()
        print(
            "busbar-bench: \(plan.stations) stations → \(plan.url), \(Int(plan.rate)) msg/s offered, "
                + "warm-up \(plan.warmup), measure \(plan.duration); open-file limit \(fileLimit)")
        if fileLimit < UInt64(plan.stations + 64) {
            print("warning: open-file limit \(fileLimit) is below \(plan.stations) sockets; raise `ulimit -n` (hard limit)")
        }
        let cpuAtStart = ProcessProbe.cpuSeconds()
        if plan.register { try await BenchRegistration(plan: plan).run() }

        let memory = ServerMemorySampler(pid: plan.serverPid)
        let sampler = Task { await memory.run() }
        let baseline = plan.serverPid.flatMap(ProcessProbe.memory(pid:))

        let connectStart = ContinuousClock.now
        let (stations, connectErrors) = await connectAll()
        let connectTime = ContinuousClock.now - connectStart
        print(
            "connected \(stations.count)/\(plan.stations) stations in \(connectTime.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"
                + (connectErrors.isEmpty
                    ? ""
                    : "; failures: \(connectErrors.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))")
        )
        let afterConnect = plan.serverPid.flatMap(ProcessProbe.memory(pid:))
        guard !stations.isEmpty else {
            sampler.cancel()
            throw BenchFailure(
                description: "no station connected; is `busbar serve` running at \(plan.url) and are the stations registered (--register)?")
        }

        let stats = BenchStats()
        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                let now = ContinuousClock.now
                for station in stations { station.expireIfOverdue(now: now) }
            }
        }
        let cpuBeforeLoad = ProcessProbe.cpuSeconds()
        let serverCPUBeforeLoad = plan.serverPid.flatMap(ProcessProbe.cpuSeconds(pid:))
        let window = await drive(stations: stations, stats: stats)
        let cpuAfterLoad = ProcessProbe.cpuSeconds()
        let serverCPUAfterLoad = plan.serverPid.flatMap(ProcessProbe.cpuSeconds(pid:))
        watchdog.cancel()
        sampler.cancel()

        BenchReport(
            plan: plan, connected: stations.count, connectErrors: connectErrors, connectTime: connectTime,
            figures: stats.snapshot(), measuredWindow: window,
            serverBaseline: baseline, serverAfterConnect: afterConnect,
            serverNow: plan.serverPid.flatMap(ProcessProbe.memory(pid:)), serverPeakSampledKiB: memory.peakKiB,
            cpuTotal: (cpuAfterLoad.user - cpuAtStart.user, cpuAfterLoad.system - cpuAtStart.system),
            cpuLoad: (cpuAfterLoad.user - cpuBeforeLoad.user, cpuAfterLoad.system - cpuBeforeLoad.system),
            serverCPULoad: serverCPUBeforeLoad.flatMap { before in
                serverCPUAfterLoad.map { after in (after.user - before.user, after.system - before.system) }
            },
            benchMemory: ProcessProbe.memory(pid: getpid())
        ).print()

        await disconnectAll(stations)
    }

    // MARK: connect

    private func connectAll() async -> ([BenchStation], [String: Int]) {
        var quiet = Logger(label: "busbar.bench")
        quiet.logLevel = .critical
        let logger = quiet
        let responder = StatelessCSMSResponder(
            configuration: SimulatorConfiguration(
                serverURL: plan.url, stationId: plan.stationId(0), layout: .uniform(evses: 1)))
        let plan = self.plan
        let bootPayload = StationMessages.bootNotification(
            vendorName: "Busbar", model: "Bench", serialNumber: nil, firmwareVersion: "bench")
        return await withTaskGroup(of: Result<BenchStation, BenchFailure>.self) { group in
            var stations: [BenchStation] = []
            var errors: [String: Int] = [:]
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask {
                    let stationId = plan.stationId(index)
                    let configuration = StationConnectionConfiguration(
                        serverURL: plan.url, stationId: stationId, password: plan.password,
                        maxFrameSize: 1 << 16, connectTimeout: .seconds(20))
                    let connection: StationConnection
                    do {
                        connection = try await StationConnection.open(configuration, logger: logger)
                    } catch {
                        return .failure(BenchFailure(description: BenchRun.kind(of: error)))
                    }
                    let station = BenchStation(index: index, stationId: stationId, connection: connection)
                    Task { await station.runReader(responder: responder) }
                    switch await station.call(action: "BootNotification", payload: bootPayload, timeout: plan.responseTimeout) {
                    case .result: return .success(station)
                    case .callError(let code): return .failure(BenchFailure(description: "BootNotification CALLERROR \(code)"))
                    case .timeout: return .failure(BenchFailure(description: "BootNotification timeout"))
                    case .closed: return .failure(BenchFailure(description: "closed during boot"))
                    }
                }
            }
            for _ in 0..<min(plan.connectConcurrency, plan.stations) { launch() }
            var reported = 0
            while let result = await group.next() {
                switch result {
                case .success(let station): stations.append(station)
                case .failure(let failure): errors[failure.description, default: 0] += 1
                }
                if next < plan.stations { launch() }
                let done = stations.count + errors.values.reduce(0, +)
                if done - reported >= 1_000 {
                    reported = done
                    print("  … \(done)/\(plan.stations) connect attempts done")
                }
            }
            return (stations.sorted { $0.index < $1.index }, errors)
        }
    }

    static func kind(of error: any Error) -> String {
        guard let error = error as? SimulatorError else { return "\(type(of: error))" }
        switch error {
        case .connectionRefused: return "connection refused"
        case .upgradeRejected(_, let status, _): return "upgrade rejected HTTP \(status.map(String.init) ?? "?")"
        case .timeout: return "connect timeout"
        case .tlsFailure: return "TLS failure"
        case .connectionClosed: return "closed while connecting"
        default: return "\(error)".prefix(60).description
        }
    }

    // MARK: load

    /// Runs every station's schedule; returns the measured window's length.
    private func drive(stations: [BenchStation], stats: BenchStats) async -> Duration {
        let count = stations.count
        let interval = Duration.seconds(Double(count) / plan.rate)
        let start = ContinuousClock.now + .milliseconds(500)
        let measureFrom = start + plan.warmup
        let end = measureFrom + plan.duration
        let hardStop = end + .seconds(10)
        let plan = self.plan
        let totalWeight = plan.weights.reduce(0) { $0 + $1.1 }
        print(
            "driving \(count) stations: one message every \(interval.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 1)))) each"
        )

        let progress = Task {
            var last = stats.snapshot().completed.values.reduce(0, +)
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(5))
                if Task.isCancelled { break }
                let now = stats.snapshot()
                let done = now.completed.values.reduce(0, +)
                let phase = ContinuousClock.now < measureFrom ? "warm-up" : "measuring"
                print("  [\(phase)] \((done - last) / 5) msg/s answered, \(now.errors.values.reduce(0, +)) errors so far")
                last = done
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for (position, station) in stations.enumerated() {
                let offset = Duration.seconds(Double(position) / plan.rate)
                group.addTask {
                    await BenchRun.stationLoop(
                        station: station, plan: plan, stats: stats, first: start + offset, interval: interval,
                        measureFrom: measureFrom, end: end, hardStop: hardStop, totalWeight: totalWeight)
                }
            }
        }
        progress.cancel()
        return plan.duration
    }

    private static func stationLoop(
        station: BenchStation, plan: BenchPlan, stats: BenchStats, first: ContinuousClock.Instant, interval: Duration,
        measureFrom: ContinuousClock.Instant, end: ContinuousClock.Instant, hardStop: ContinuousClock.Instant, totalWeight: Int
    ) async {
        var generator = SystemRandomNumberGenerator()
        var transaction = BenchTransaction(plan: plan)
        var intended = first
        while intended < end {
            defer { intended += interval }
            let measured = intended >= measureFrom
            if measured { stats.recordScheduled(station: station.index) }
            if ContinuousClock.now > hardStop {
                if measured { stats.recordError(station: station.index, kind: "not sent: generator fell behind schedule") }
                continue
            }
            try? await Task.sleep(until: intended, clock: .continuous)
            let action = BenchAction.pick(weights: plan.weights, total: totalWeight, using: &generator)
            let payload = transaction.payload(for: action, stationIndex: station.index)
            let sentAt = ContinuousClock.now
            let outcome = await station.call(action: action.rawValue, payload: payload, timeout: plan.responseTimeout)
            let done = ContinuousClock.now
            guard measured else { continue }
            switch outcome {
            case .result:
                stats.recordSuccess(
                    station: station.index, action: action, latencyMicros: (done - intended).micros,
                    serviceMicros: (done - sentAt).micros, lagMicros: (sentAt - intended).micros)
            case .callError(let code): stats.recordError(station: station.index, kind: "\(action.rawValue) CALLERROR \(code)")
            case .timeout: stats.recordError(station: station.index, kind: "\(action.rawValue) timeout")
            case .closed: stats.recordError(station: station.index, kind: "connection closed")
            }
        }
    }

    private func disconnectAll(_ stations: [BenchStation]) async {
        await withTaskGroup(of: Void.self) { group in
            var iterator = stations.makeIterator()
            for _ in 0..<500 {
                guard let station = iterator.next() else { break }
                group.addTask { await station.connection.close(timeout: .seconds(2)) }
            }
            while await group.next() != nil {
                guard let station = iterator.next() else { continue }
                group.addTask { await station.connection.close(timeout: .seconds(2)) }
            }
        }
    }
}

/// A bench error with a message fit for the report.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
}

extension Duration {
    /// Whole microseconds, never negative.
    var micros: UInt64 {
        let (seconds, attoseconds) = components
        let value = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return value > 0 ? UInt64(value) : 0
    }
}
