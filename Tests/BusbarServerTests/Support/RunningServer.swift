import BusbarCSMS
import BusbarServer
import Foundation
import Logging
import ServiceLifecycle

/// A real Busbar server on free 127.0.0.1 ports with its own SQLite file, for end-to-end tests.
/// `withRunningServer` starts it, runs the test body, then shuts it down gracefully.
struct RunningServer: Sendable {
    let server: CSMSServer
    let ocppPort: Int
    let apiPort: Int
    let ocppsPort: Int?
    let dataDirectory: String
    let group: ServiceGroup

    /// Starts graceful shutdown (as SIGTERM would); `withRunningServer` still waits for it to end.
    func stop() async {
        await group.triggerGracefulShutdown()
    }

    var ocppURL: String { "ws://127.0.0.1:\(ocppPort)/ocpp" }
    var apiURL: String { "http://127.0.0.1:\(apiPort)" }
    var ocppsURL: String? { ocppsPort.map { "wss://localhost:\($0)/ocpp" } }

    /// Registers a profile-1 station with a password.
    @discardableResult
    func addStation(
        _ id: String, password: String = "correct-horse-battery", securityProfile: Int = 1, bootPolicy: BootPolicyChoice = .accepted
    ) async throws -> String {
        _ = try await server.csms.administration.addStation(
            .init(id: id, password: password, securityProfile: securityProfile, bootPolicy: bootPolicy.policy))
        return password
    }

    /// Adds an accepted token.
    func addToken(_ idToken: String, type: String = "ISO14443", status: String = "Accepted", expiresAt: Date? = nil, groupId: String? = nil)
        async throws
    {
        _ = try await server.csms.administration.putIdToken(
            idToken: idToken, type: type, status: status, expiresAt: expiresAt, groupId: groupId)
    }
}

/// Boot policy without importing storage in every test.
enum BootPolicyChoice {
    case accepted, pending, rejected
    var policy: BootPolicyValue {
        switch self {
        case .accepted: .accepted
        case .pending: .pending
        case .rejected: .rejected
        }
    }
}

import BusbarStorage
typealias BootPolicyValue = BootPolicy

/// A fresh temporary folder; `withRunningServer` removes the ones it created.
func makeTemporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "busbar-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Starts a server, runs `body`, shuts the server down. `configure` adjusts the configuration
/// (ports are always chosen free; the data folder is a new temporary one unless given).
func withRunningServer<T: Sendable>(
    dataDirectory: String? = nil,
    configure: (inout BusbarConfiguration) -> Void = { _ in },
    _ body: (RunningServer) async throws -> T
) async throws -> T {
    var configuration = BusbarConfiguration()
    configuration.ocppHost = "127.0.0.1"
    configuration.ocppPort = 0
    configuration.ocppsPort = 0
    configuration.apiPort = 0
    let ownsDirectory = dataDirectory == nil
    configuration.dataDirectory = try dataDirectory ?? makeTemporaryDirectory()
    defer {
        if ownsDirectory { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
    }
    configuration.passwordHashRounds = 1_000
    configure(&configuration)
    var logger = Logger(label: "busbar-test")
    logger.logLevel = ProcessInfo.processInfo.environment["BUSBAR_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    let server = try CSMSServer(configuration: configuration, logger: logger)
    let group = ServiceGroup(configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let running = RunningServer(
            server: server,
            ocppPort: await server.ports.port(.ocpp),
            apiPort: await server.ports.port(.api),
            ocppsPort: configuration.tls == nil ? nil : await server.ports.port(.ocpps),
            dataDirectory: configuration.dataDirectory,
            group: group)
        do {
            let result = try await body(running)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
