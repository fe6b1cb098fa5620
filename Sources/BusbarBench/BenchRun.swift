import BusbarSimulator
import Foundation
import Logging
import NIOCore
import NIOPosix
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
        let hostReference = HostSpeed.referenceMilliseconds()
        print(String(format: "host reference: %.1f ms for a fixed piece of work (lower is a faster machine right now)", hostReference))
        let cpuAtStart = ProcessProbe.cpuSeconds()
        if plan.register { try await BenchRegistration(plan: plan).run() }

        let memory = ServerMemorySampler(pid: plan.serverPid)
        let sampler = Task { await memory.run() }
        let baseline = plan.serverPid.flatMap(ProcessProbe.memory(pid:))

        // One event loop runs every socket and the schedule: the generator's share of the two
        // cores stays small and its own scheduling stays out of the latencies it reports.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let eventLoop = group.next()
        let stats = BenchStats()
        let connectStart = ContinuousClock.now
        let (stations, connectErrors) = await connectAll(stats: stats, on: eventLoop)
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
            try? await group.shutdownGracefully()
            throw BenchFailure(
                description: "no station connected; is `busbar serve` running at \(plan.url) and are the stations registered (--register)?")
        }

        let watchdog = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                let now = ContinuousClock.now
                for station in stations { station.expireIfOverdue(now: now) }
            }
        }
        let cpuBeforeLoad = ProcessProbe.cpuSeconds()
        let serverCPUBeforeLoad = plan.serverPid.flatMap(ProcessProbe.cpuSeconds(pid:))
        let countersBeforeLoad = await ServerCounters.read(api: plan.api, apiKey: plan.apiKey)
        let window = await drive(stations: stations, stats: stats, on: eventLoop)
        let cpuAfterLoad = ProcessProbe.cpuSeconds()
        let serverCPUAfterLoad = plan.serverPid.flatMap(ProcessProbe.cpuSeconds(pid:))
        let countersAfterLoad = await ServerCounters.read(api: plan.api, apiKey: plan.apiKey)
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
            serverCounters: countersBeforeLoad.flatMap { before in countersAfterLoad.map { $0 - before } },
            benchMemory: ProcessProbe.memory(pid: getpid()), hostReferenceMilliseconds: hostReference
        ).print()

        await disconnectAll(stations)
        try? await group.shutdownGracefully()
    }

    // MARK: connect

    private func connectAll(stats: BenchStats, on eventLoop: any EventLoop) async -> ([BenchStation], [String: Int]) {
        let target: BenchTarget
        do {
            target = try BenchTarget(url: plan.url)
        } catch {
            return ([], ["\(error)": plan.stations])
        }
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
                    do {
                        station.attach(
                            try await BenchSocket.open(
                                host: target.host, port: target.port, path: target.path(for: station.stationId),
                                stationId: station.stationId, password: plan.password, on: eventLoop, maxFrameSize: 1 << 16,
                                callbacks: .init(text: { station.received($0) }, closed: { station.closed() })))
                    } catch {
                        return .failure(BenchFailure(description: "\(error)".prefix(60).description))
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

    // MARK: load

    /// Runs the schedule; returns the measured window's length. Message m of the run is due at
    /// start + m / rate and goes to station m mod N, so each station sends every N / rate seconds,
    /// staggered. One driver task wakes at most once a millisecond and fires whatever fell due,
    /// instead of one sleeping task per station; it runs on the sockets' event loop, so a send is
    /// a write on the loop that owns the socket.
    private func drive(stations: [BenchStation], stats: BenchStats, on eventLoop: any EventLoop) async -> Duration {
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
        let schedule = BenchSchedule(
            stations: stations, stats: stats, start: start, measureFrom: measureFrom, end: end, total: total, rate: rate)
        await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
            eventLoop.execute {
                eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(1)) { task in
                    if schedule.fireDue(now: .now) {
                        task.cancel()
                        finished.resume()
                    }
                }
            }
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
                group.addTask { await station.openConnection?.close() }
            }
            while await group.next() != nil {
                guard let station = iterator.next() else { continue }
                group.addTask { await station.openConnection?.close() }
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
