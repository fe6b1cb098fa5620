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

        let stats = BenchStats()
        let connectStart = ContinuousClock.now
        let (stations, connectErrors) = await connectAll(stats: stats)
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

        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                let now = ContinuousClock.now
                for station in stations { await station.expireIfOverdue(now: now) }
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

    private func connectAll(stats: BenchStats) async -> ([BenchStation], [String: Int]) {
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
                    let station = BenchStation(index: index, plan: plan, stats: stats, responder: responder)
                    let configuration = StationConnectionConfiguration(
                        serverURL: plan.url, stationId: station.stationId, password: plan.password,
                        maxFrameSize: 1 << 16, connectTimeout: .seconds(20))
                    do {
                        station.attach(
                            try await StationConnection.open(
                                configuration, logger: logger, delivery: .handler { await station.handle($0) }))
                    } catch {
                        return .failure(BenchFailure(description: BenchRun.kind(of: error)))
                    }
                    switch await station.boot(payload: bootPayload) {
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

    /// Runs the schedule; returns the measured window's length. Message m of the run is due at
    /// start + m / rate and goes to station m mod N, so each station sends every N / rate seconds,
    /// staggered. One driver task wakes at most once a millisecond and fires whatever fell due,
    /// instead of one sleeping task per station.
    private func drive(stations: [BenchStation], stats: BenchStats) async -> Duration {
        let count = stations.count
        let interval = Duration.seconds(Double(count) / plan.rate)
        let start = ContinuousClock.now + .milliseconds(500)
        let measureFrom = start + plan.warmup
        let end = measureFrom + plan.duration
        let hardStop = end + .seconds(10)
        let total = Int(((end - start) / .seconds(1)) * plan.rate)
        let rate = plan.rate
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
        var message = 0
        while message < total {
            let now = ContinuousClock.now
            while message < total {
                let intended = start + .seconds(Double(message) / rate)
                guard intended <= now else { break }
                let station = stations[message % count]
                let measured = intended >= measureFrom && intended < end
                if measured { stats.recordScheduled(station: station.index) }
                await station.fire(BenchStation.Due(intended: intended, measured: measured))
                message += 1
            }
            guard message < total else { break }
            let next = start + .seconds(Double(message) / rate)
            try? await Task.sleep(until: max(next, now + .milliseconds(1)), clock: .continuous)
        }
        // Wait for the last answers, then count whatever is left as not answered.
        while ContinuousClock.now < hardStop, stations.contains(where: \.isBusy) {
            try? await Task.sleep(for: .milliseconds(100))
        }
        for station in stations { station.abandonRemaining() }
        progress.cancel()
        return plan.duration
    }

    private func disconnectAll(_ stations: [BenchStation]) async {
        await withTaskGroup(of: Void.self) { group in
            var iterator = stations.makeIterator()
            for _ in 0..<500 {
                guard let station = iterator.next() else { break }
                group.addTask { await station.openConnection?.close(timeout: .seconds(2)) }
            }
            while await group.next() != nil {
                guard let station = iterator.next() else { continue }
                group.addTask { await station.openConnection?.close(timeout: .seconds(2)) }
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
