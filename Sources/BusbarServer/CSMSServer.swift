import BusbarCSMS
import BusbarStorage
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWSCompression
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
@_spi(WSInternal) import WSCore

/// The whole Busbar server as one ServiceLifecycle service: the `ws://` listener, the `wss://`
/// listener when TLS is configured, and the operator API, over one store and one CSMS. Graceful
/// shutdown stops accepting, closes station connections with "going away" after in-flight
/// CALLs are answered, and flushes the frame log.
public final class CSMSServer: Service, Sendable {
    /// The configuration it was started with.
    public let configuration: BusbarConfiguration
    /// The CSMS domain (use cases, administration, events).
    public let csms: CSMS
    /// Sends CSMS→station requests to connected stations.
    public let requests: any StationRequestSender
    /// Where the listeners actually bound.
    public let ports = ListeningPorts()
    let store: SQLiteStore
    let connections: StationConnections
    let metrics: OCPPMetrics
    let logger: Logger
    /// The sites the energy manager plans (capacity files and API documents).
    let sites: SiteRegistry
    /// Plans every site and keeps its stations on the plan's charging profiles.
    let energy: EnergyManager

    /// Opens (and migrates) the database and wires the CSMS; nothing listens until `run()`.
    public init(configuration: BusbarConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let metrics = OCPPMetrics()
        var storage = configuration.storage
        let observer = storage.commitObserver
        storage.commitObserver = { writes in
            metrics.committed(writes: writes)
            observer?(writes)
        }
        self.store = try SQLiteStore(path: configuration.databasePath, configuration: storage)
        let services = CSMSServices(store: store, events: DomainEventBus(), configuration: configuration.csms)
        self.csms = CSMS(services: services, hasher: PasswordHasher(rounds: configuration.passwordHashRounds), logger: logger)
        self.connections = StationConnections(defaultTimeout: configuration.callTimeout)
        self.requests = connections
        self.metrics = metrics
        self.sites = SiteRegistry(directory: configuration.sitesDirectory, store: store, logger: logger)
        self.energy = EnergyManager(
            registry: sites, events: services.events, requests: connections, store: store,
            slotMinutes: configuration.planningSlotMinutes, logger: logger, metrics: EnergyMetrics(registry: metrics.registry),
            minimumPlanInterval: configuration.minimumPlanInterval)
    }

    /// Runs every listener until graceful shutdown or cancellation.
    public func run() async throws {
        try await checkOperatorAPIExposure()
        try await sites.load()
        let extensionBuilders: [any WebSocketExtensionBuilder] =
            configuration.compression
            ? [
                WebSocketExtensionFactory.perMessageDeflate(noContextTakeover: true, maxDecompressedFrameSize: configuration.maxMessageSize)
                    .build()
            ]
            : []
        let authenticator = StationAuthenticator(
            store: store, hasher: csms.hasher, pathPrefix: configuration.ocppPathPrefix, extensionBuilders: extensionBuilders,
            metrics: metrics, logger: logger)
        let handler = StationConnectionHandler(
            csms: csms, connections: connections, metrics: metrics, maxMessageSize: configuration.maxMessageSize,
            limits: configuration.limits)
        let metrics = self.metrics
        let limits = configuration.limits
        let admission = ConnectionAdmission(maxTotal: limits.maxPendingConnections, maxPerAddress: limits.maxPendingPerAddress)
        let refusalLog = RateLimitedLog()
        func channel(_ listener: ListenerSecurity) -> OCPPUpgradeChannel {
            OCPPUpgradeChannel(
                maxFrameSize: configuration.maxMessageSize,
                decide: { head, channel in
                    let decision = await authenticator.decide(head, channel: channel, listener: listener)
                    if case .reject(let status, _) = decision { metrics.upgradeRefused(status: status.code) }
                    return decision
                },
                limits: limits, pingInterval: configuration.pingInterval, admission: admission, metrics: metrics,
                refusalLog: refusalLog,
                serve: { webSocket, station, extensions, logger in
                    await handler.run(webSocket, station: station, extensions: extensions, logger: logger)
                })
        }
        var services: [any Service] = []
        services.append(
            Server(
                childChannelSetup: channel(.plain),
                configuration: .init(
                    address: .hostname(configuration.ocppHost, port: configuration.ocppPort), backlog: configuration.backlog),
                onServerRunning: { [ports, logger] in
                    let port = $0.localAddress?.port ?? 0
                    ports.bound(.ocpp, port: port)
                    logger.info(
                        "OCPP listener ready",
                        metadata: ["url": "ws://\(self.configuration.ocppHost):\(port)\(self.configuration.ocppPathPrefix)/<stationId>"])
                },
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger))
        if let tls = configuration.tls {
            let tlsChannel = try TLSChannel(channel(.tls), tlsConfiguration: try tls.makeServerConfiguration())
            services.append(
                Server(
                    childChannelSetup: tlsChannel,
                    configuration: .init(
                        address: .hostname(configuration.ocppHost, port: configuration.ocppsPort), backlog: configuration.backlog),
                    onServerRunning: { [ports, logger] in
                        let port = $0.localAddress?.port ?? 0
                        ports.bound(.ocpps, port: port)
                        logger.info(
                            "OCPP TLS listener ready",
                            metadata: [
                                "url": "wss://\(self.configuration.ocppHost):\(port)\(self.configuration.ocppPathPrefix)/<stationId>"
                            ])
                    },
                    eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger))
        }
        services.append(makeAPI())
        services.append(energy)
        if configuration.sitesDirectory != nil {
            services.append(SiteFileWatcher(registry: sites, interval: configuration.siteRescanInterval))
        }
        let connections = self.connections
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingDiscardingTaskGroup { group in
                    for service in services {
                        group.addTask { try await service.run() }
                    }
                }
            } onGracefulShutdown: { [logger] in
                logger.info(
                    "shutting down: answering CALLs in progress, then closing station connections",
                    metadata: ["stations": "\(connections.count)"])
                Task { await connections.drainAll() }
            }
        } catch {
            try? await store.close()
            throw error
        }
        // Flushes the frame log and checkpoints; every acknowledged write was already committed.
        try? await store.close()
    }

    private func makeAPI() -> some Service {
        var api = APIRouter(
            csms: csms, store: store, requests: connections, connections: connections, metrics: metrics, sites: sites, energy: energy,
            logger: logger)
        api.keys = APIKeyVerifier(store: store)
        api.loopbackOnly = APIRequestPolicy.isLoopback(configuration.apiHost)
        let limit = MalformedRequestResponder.maxHeaderBytes
        return Application(
            router: api.build(),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [MalformedRequestResponder()],
                    httpDecoderConfiguration: .init(maxHeaderFieldSize: limit, maxHeaderListSize: limit))),
            configuration: .init(address: .hostname(configuration.apiHost, port: configuration.apiPort), serverName: "busbar"),
            onServerRunning: { [ports, logger] in
                let port = $0.localAddress?.port ?? 0
                ports.bound(.api, port: port)
                logger.info("operator API ready", metadata: ["url": "http://\(self.configuration.apiHost):\(port)/api/v1"])
            },
            logger: logger)
    }
}
