import ArgumentParser
import Foundation

/// `busbar-bench`: many lean OCPP 2.0.1 stations on one machine driving an open-loop message mix
/// against a local Busbar, reporting latency percentiles, errors and the server's memory.
@main
struct BenchMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busbar-bench",
        abstract: "Load and demo tools for a local Busbar CSMS.",
        subcommands: [BenchCommand.self, DemoCommand.self],
        defaultSubcommand: BenchCommand.self)
}

/// The load test (the default subcommand).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load-test a local Busbar CSMS with simulated OCPP 2.0.1 charging stations.",
        discussion: """
            Connects --stations WebSockets (at most --connect-concurrency opening at once), boots each, then
            sends --rate messages per second in total for --warmup + --duration seconds on a fixed schedule
            (open loop: a slow server does not lower the offered rate; latency counts from the intended send
            time). Only 127.0.0.1 / localhost targets are accepted.
            """)

    @Option(help: "OCPP endpoint without the station id.")
    var url = "ws://127.0.0.1:9000/ocpp"

    @Option(help: "Operator API base URL (used by --register).")
    var api = "http://127.0.0.1:8080"

    @Option(help: "Operator API key (`busbar keys add --role operator`); default: $BUSBAR_API_KEY, else none.")
    var apiKey: String?

    @Option(help: "Number of simulated stations (1…50000).")
    var stations = 10_000

    @Option(help: "Total offered messages per second across all stations.")
    var rate = 5_000.0

    @Option(help: "Measured seconds (after the warm-up).")
    var duration = 60.0

    @Option(help: "Seconds of load before measuring starts.")
    var warmup = 10.0

    @Option(help: "HTTP Basic password of every station (security profile 1); empty for none.")
    var password = "bench-password-0001"

    @Option(help: "Station ids are PREFIX + a 6-digit index.")
    var stationPrefix = "BENCH-"

    @Option(help: "WebSocket opens in flight at once.")
    var connectConcurrency = 200

    @Option(help: "PID of the Busbar server, to report its resident memory (current and peak).")
    var serverPid: Int32?

    @Flag(help: "Create the stations and the idToken through the API first (409 Conflict counts as done).")
    var register = false

    @Option(help: "idToken used by Authorize and TransactionEvent.")
    var idToken = "BENCHTOKEN01"

    @Option(help: "Weights Heartbeat,StatusNotification,Authorize,TransactionEvent.")
    var mix = "30,20,20,30"

    @Option(help: "Seconds a call may wait for its answer before counting as a timeout.")
    var responseTimeout = 30.0

    @Option(help: "TransactionEvent Updated messages between Started and Ended.")
    var updatesPerTransaction = 4

    func validate() throws {
        guard (1...50_000).contains(stations) else { throw ValidationError("--stations must be 1…50000") }
        guard rate > 0, rate <= 200_000 else { throw ValidationError("--rate must be in (0, 200000]") }
        guard duration > 0, duration <= 3_600, warmup >= 0, warmup <= 600 else {
            throw ValidationError("--duration must be in (0, 3600] and --warmup in [0, 600] seconds")
        }
        guard (1...2_000).contains(connectConcurrency) else { throw ValidationError("--connect-concurrency must be 1…2000") }
        for target in [url, api] {
            guard let host = URLComponents(string: target)?.host, ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
                throw ValidationError("\(target): busbar-bench only targets a server on this machine (127.0.0.1)")
            }
        }
        let weights = mix.split(separator: ",").compactMap { Int($0) }
        guard weights.count == 4, weights.allSatisfy({ $0 >= 0 }), weights.reduce(0, +) > 0 else {
            throw ValidationError("--mix needs four non-negative integers, e.g. 30,20,20,30")
        }
    }

    func run() async throws {
        let weights = mix.split(separator: ",").compactMap { Int($0) }
        let plan = BenchPlan(
            url: url, api: api, apiKey: apiKey ?? ProcessInfo.processInfo.environment["BUSBAR_API_KEY"].flatMap { $0.isEmpty ? nil : $0 },
            stations: stations, rate: rate, duration: .seconds(duration), warmup: .seconds(warmup),
            password: password.isEmpty ? nil : password, stationPrefix: stationPrefix,
            connectConcurrency: connectConcurrency, serverPid: serverPid, register: register, idToken: idToken,
            weights: Array(zip(BenchAction.allCases, weights)), responseTimeout: .seconds(responseTimeout),
            updatesPerTransaction: max(updatesPerTransaction, 0))
        try await BenchRun(plan: plan).execute()
    }
}
