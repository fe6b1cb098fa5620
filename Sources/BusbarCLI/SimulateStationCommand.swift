import ArgumentParser
import BusbarSimulator
import Foundation
import Logging
import NIOSSL

/// `busbar simulate-station` — a simulated charging station: boots, authorizes, runs transactions
/// with meter values, answers every CSMS request, and (with --stay) keeps the connection open so
/// the operator can send it requests through the API.
struct SimulateStationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-station", abstract: "Run a simulated OCPP 2.0.1 charging station against a CSMS.")

    @Option(help: "CSMS endpoint without the station id.") var url = "ws://127.0.0.1:9000/ocpp"
    @Option(help: "Station identity.") var id = "DEMO-CS1"
    @Option(help: "HTTP Basic password (security profiles 1 and 2); empty sends none.") var password = "demo-password-0001"
    @Option(help: "Id token to authorize with.") var idToken = "DEMO-TOKEN"
    @Option(help: "Number of transactions to run.") var transactions = 1
    @Option(help: "Meter values sent per transaction.") var meterValues = 3
    @Option(help: "Seconds between meter values.") var meterInterval: Double = 1
    @Option(help: "PEM root that signed the CSMS certificate (wss://).") var tlsRoot: String?
    @Option(help: "PEM client certificate (security profile 3).") var tlsCert: String?
    @Option(help: "PEM key of the client certificate.") var tlsKey: String?
    @Flag(help: "Offer permessage-deflate compression.") var compression = false
    @Flag(help: "Stay connected after the scenario, answering CSMS requests until interrupted.") var stay = false

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardOutput(label: $0) }
        let logger = Logger(label: "simulate-station")
        var tls: TLSConfiguration?
        if url.hasPrefix("wss://") {
            tls = try StationTLS.configuration(
                trustedRootPEMFile: tlsRoot, clientCertificatePEMFile: tlsCert, clientPrivateKeyPEMFile: tlsKey)
        }
        let configuration = SimulatorConfiguration(
            serverURL: url, stationId: id, password: password.isEmpty ? nil : password, tls: tls, compression: compression)
        try await runDemoScenario(
            configuration: configuration, transactions: transactions,
            meterInterval: .milliseconds(Int64(meterInterval * 1000)), meterValuesPerTransaction: meterValues,
            idToken: idToken, logger: logger)
        if stay {
            let station = ChargingStationSimulator(configuration: configuration, logger: logger)
            try await station.connect()
            _ = try await station.boot()
            logger.info("connected; answering CSMS requests until interrupted")
            _ = try await station.waitUntilClosed(timeout: .seconds(365 * 86400))
        }
    }
}
