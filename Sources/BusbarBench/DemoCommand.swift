import ArgumentParser
import BusbarSimulator
import Foundation
import Logging

/// `busbar-bench demo`: one full simulated station running the demo scenario (boot, authorize,
/// transactions with meter values), for watching a server work by hand.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run one simulated station through boot, authorize and N transactions.")

    @Option(help: "OCPP endpoint without the station id.")
    var url = "ws://127.0.0.1:9000/ocpp"

    @Option(help: "Station id.")
    var stationId = "DEMO-STATION-1"

    @Option(help: "HTTP Basic password; empty for none.")
    var password = ""

    @Option(help: "idToken to authorize with.")
    var idToken = "DEMO-TOKEN-0001"

    @Option(help: "Number of transactions.")
    var transactions = 2

    @Option(help: "Seconds between meter values.")
    var meterInterval = 1.0

    @Flag(help: "Log every frame.")
    var trace = false

    func run() async throws {
        var logger = Logger(label: "busbar.demo")
        logger.logLevel = trace ? .trace : .info
        try await runDemoScenario(
            configuration: SimulatorConfiguration(
                serverURL: url, stationId: stationId, password: password.isEmpty ? nil : password),
            transactions: transactions, meterInterval: .seconds(meterInterval), idToken: idToken, logger: logger)
    }
}
