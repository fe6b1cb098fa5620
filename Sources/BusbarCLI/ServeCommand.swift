import ArgumentParser
import BusbarCSMS
import BusbarServer
import BusbarStorage
import UnixSignals
import Foundation
import Logging
import ServiceLifecycle

/// `busbar serve` — runs the CSMS until SIGINT/SIGTERM, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the CSMS (OCPP listeners and operator API).")

    @Option(help: "Port of the ws:// OCPP listener (security profile 1); default 9000.") var ocppPort: Int?
    @Option(help: "Port of the wss:// OCPP listener, used when --tls-cert is given; default 9443.") var ocppsPort: Int?
    @Option(help: "Interface the OCPP listeners bind to.") var ocppHost: String?
    @Option(help: "Path before the station identity in connection URLs.") var ocppPath: String?
    @Option(help: "Port of the operator HTTP API; default 8080.") var apiPort: Int?
    @Option(help: "Interface of the operator API; anything but loopback needs an API key first (`busbar keys add`).") var apiHost: String?
    @Option(help: "Folder of the SQLite database; default ./data.") var dataDir: String?
    @Option(help: "Folder of the site capacity files (Sites/README.md); default ./Sites when it exists.") var sites: String?
    @Option(help: "A JSON configuration file; command-line options override it.") var config: String?
    @Option(help: "PEM server certificate chain for wss://.") var tlsCert: String?
    @Option(help: "PEM private key of the server certificate.") var tlsKey: String?
    @Option(help: "PEM root that station client certificates must chain to (security profile 3).") var tlsClientCa: String?
    @Option(help: "Seconds a CSMS→station request waits for its answer.") var callTimeout: Double?
    @Option(help: "Heartbeat interval (s) given to accepted stations.") var heartbeatInterval: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Flag(help: "Register the demo station DEMO-CS1 and token DEMO-TOKEN if absent.") var demo = false
    @Flag(help: "fsync every commit (survives power loss; slower). Default: survives process crashes.") var powerLossSafe = false
    @Option(
        help: "Milliseconds a commit waits for more writes while several writers are active (less CPU per write, more latency); default 0.")
    var commitGatherMs: Double?
    @Option(help: "Seconds from TCP accept to a finished WebSocket upgrade (TLS included); default 10.") var handshakeTimeout: Double?
    @Option(help: "Seconds a connection that has not upgraded may stay silent; default 5.") var idleTimeout: Double?
    @Option(help: "OCPP connections not yet authenticated, all addresses; more are closed at once. Default 2048.")
    var maxPendingConnections: Int?
    @Option(help: "OCPP connections not yet authenticated from one source address; default 256.") var maxPendingPerAddress: Int?
    @Option(help: "Seconds a station has to answer a ping with a pong before it is disconnected; default 30.") var pongTimeout: Double?
    @Option(help: "Seconds a station's socket may stay unwritable (it stopped reading) before it is disconnected; default 30.")
    var writeStallTimeout: Double?
    @Option(help: "CSMS→station requests queued per station behind the one in flight; more answer 503. Default 64.")
    var maxQueuedRequests: Int?
    @Option(help: "Bytes of CSMS→station requests queued per station; more answer 503. Default 8388608.") var maxQueuedBytes: Int?

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "busbar")
        let descriptors = FileDescriptorLimit.raiseToMaximum()
        logger.debug("file descriptor limit", metadata: ["nofile": "\(descriptors)"])
        var configuration = try ConfigurationFile.load(config)
        if let ocppPort { configuration.ocppPort = ocppPort }
        if let ocppsPort { configuration.ocppsPort = ocppsPort }
        if let ocppHost { configuration.ocppHost = ocppHost }
        if let ocppPath { configuration.ocppPathPrefix = ocppPath }
        if let apiPort { configuration.apiPort = apiPort }
        if let apiHost { configuration.apiHost = apiHost }
        if let dataDir { configuration.dataDirectory = dataDir }
        if let sites {
            configuration.sitesDirectory = sites
        } else if configuration.sitesDirectory == nil, FileManager.default.fileExists(atPath: "Sites/site.schema.json") {
            configuration.sitesDirectory = "Sites"
        }
        if let callTimeout { configuration.callTimeout = .milliseconds(Int64(callTimeout * 1000)) }
        if let heartbeatInterval { configuration.csms.heartbeatInterval = heartbeatInterval }
        if powerLossSafe { configuration.storage.durability = .powerLossSafe }
        if let commitGatherMs {
            guard (0...100).contains(commitGatherMs) else { throw ValidationError("--commit-gather-ms must be 0…100") }
            configuration.storage.commitGatherWindow = .microseconds(Int64(commitGatherMs * 1000))
        }
        try applyLimits(to: &configuration.limits, descriptors: descriptors)
        if let tlsCert, let tlsKey {
            configuration.tls = TLSSettings(certificateChainPath: tlsCert, privateKeyPath: tlsKey, clientCertificateRootPath: tlsClientCa)
        } else if tlsCert != nil || tlsKey != nil {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        let server = try CSMSServer(configuration: configuration, logger: logger)
        if demo { try await DemoData.seed(server.csms.administration, logger: logger) }
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Applies the connection-limit options; without `--max-pending-connections` the cap also
    /// stays under a quarter of the descriptor limit, so the rest is headroom for the operator
    /// API and authenticated stations.
    private func applyLimits(to limits: inout ConnectionLimits, descriptors: Int) throws {
        func seconds(_ value: Double?, _ name: String) throws -> Duration? {
            guard let value else { return nil }
            guard value > 0, value <= 3600 else { throw ValidationError("--\(name) must be in (0, 3600] seconds") }
            return .milliseconds(Int64(value * 1000))
        }
        func count(_ value: Int?, _ name: String) throws -> Int? {
            guard let value else { return nil }
            guard value > 0 else { throw ValidationError("--\(name) must be positive") }
            return value
        }
        if let value = try seconds(handshakeTimeout, "handshake-timeout") { limits.handshakeTimeout = value }
        if let value = try seconds(idleTimeout, "idle-timeout") { limits.idleTimeout = value }
        if let value = try seconds(pongTimeout, "pong-timeout") { limits.pongTimeout = value }
        if let value = try seconds(writeStallTimeout, "write-stall-timeout") { limits.writeStallTimeout = value }
        if let value = try count(maxPendingConnections, "max-pending-connections") {
            limits.maxPendingConnections = value
        } else if descriptors > 0 {
            limits.maxPendingConnections = min(limits.maxPendingConnections, max(64, descriptors / 4))
        }
        if let value = try count(maxPendingPerAddress, "max-pending-per-address") { limits.maxPendingPerAddress = value }
        if let value = try count(maxQueuedRequests, "max-queued-requests") { limits.maxQueuedCalls = value }
        if let value = try count(maxQueuedBytes, "max-queued-bytes") { limits.maxQueuedBytes = value }
    }
}
