import BusbarCSMS
import BusbarServer
import BusbarStorage
import Foundation

/// `--config FILE`: a JSON object whose members override the defaults before command-line
/// options apply — `ocppHost`, `ocppPort`, `ocppsPort`, `ocppPath`, `apiHost`, `apiPort`,
/// `dataDir`, `tlsCert`, `tlsKey`, `tlsClientCa`, `callTimeout`, `heartbeatInterval`, `commitGatherMs`;
/// the connection limits (issue #10) `handshakeTimeout`, `idleTimeout`, `pongTimeout`,
/// `writeStallTimeout` (seconds), `maxPendingConnections`, `maxPendingPerAddress`,
/// `maxQueuedRequests`, `maxQueuedBytes`, `maxPendingWriteBytes`; and `minimumPlanInterval`
/// (seconds between two plans of one site).
struct ConfigurationFile: Decodable {
    var ocppHost: String?
    var ocppPort: Int?
    var ocppsPort: Int?
    var ocppPath: String?
    var apiHost: String?
    var apiPort: Int?
    var dataDir: String?
    var sites: String?
    var tlsCert: String?
    var tlsKey: String?
    var tlsClientCa: String?
    var callTimeout: Double?
    var heartbeatInterval: Int?
    var commitGatherMs: Double?
    var handshakeTimeout: Double?
    var idleTimeout: Double?
    var pongTimeout: Double?
    var writeStallTimeout: Double?
    var maxPendingConnections: Int?
    var maxPendingPerAddress: Int?
    var maxQueuedRequests: Int?
    var maxQueuedBytes: Int?
    var maxPendingWriteBytes: Int?
    var minimumPlanInterval: Double?

    static func load(_ path: String?) throws -> BusbarConfiguration {
        var configuration = BusbarConfiguration()
        guard let path else { return configuration }
        let file: ConfigurationFile
        do {
            file = try JSONDecoder().decode(ConfigurationFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConfigurationFileError(path: path, reason: "\(error)")
        }
        if let v = file.ocppHost { configuration.ocppHost = v }
        if let v = file.ocppPort { configuration.ocppPort = v }
        if let v = file.ocppsPort { configuration.ocppsPort = v }
        if let v = file.ocppPath { configuration.ocppPathPrefix = v }
        if let v = file.apiHost { configuration.apiHost = v }
        if let v = file.apiPort { configuration.apiPort = v }
        if let v = file.dataDir { configuration.dataDirectory = v }
        if let v = file.sites { configuration.sitesDirectory = v }
        if let cert = file.tlsCert, let key = file.tlsKey {
            configuration.tls = TLSSettings(certificateChainPath: cert, privateKeyPath: key, clientCertificateRootPath: file.tlsClientCa)
        }
        if let v = file.callTimeout { configuration.callTimeout = .milliseconds(Int64(v * 1000)) }
        if let v = file.heartbeatInterval { configuration.csms.heartbeatInterval = v }
        if let v = file.commitGatherMs {
            guard (0...100).contains(v) else { throw ConfigurationFileError(path: path, reason: "commitGatherMs must be 0…100, got \(v)") }
            configuration.storage.commitGatherWindow = .microseconds(Int64(v * 1000))
        }
        func seconds(_ value: Double?, _ name: String) throws -> Duration? {
            guard let value else { return nil }
            guard value > 0, value <= 86_400 else { throw ConfigurationFileError(path: path, reason: "\(name) must be seconds in (0, 86400], got \(value)") }
            return .milliseconds(Int64(value * 1000))
        }
        func count(_ value: Int?, _ name: String) throws -> Int? {
            guard let value else { return nil }
            guard value > 0 else { throw ConfigurationFileError(path: path, reason: "\(name) must be positive, got \(value)") }
            return value
        }
        if let v = try seconds(file.handshakeTimeout, "handshakeTimeout") { configuration.limits.handshakeTimeout = v }
        if let v = try seconds(file.idleTimeout, "idleTimeout") { configuration.limits.idleTimeout = v }
        if let v = try seconds(file.pongTimeout, "pongTimeout") { configuration.limits.pongTimeout = v }
        if let v = try seconds(file.writeStallTimeout, "writeStallTimeout") { configuration.limits.writeStallTimeout = v }
        if let v = try count(file.maxPendingConnections, "maxPendingConnections") { configuration.limits.maxPendingConnections = v }
        if let v = try count(file.maxPendingPerAddress, "maxPendingPerAddress") { configuration.limits.maxPendingPerAddress = v }
        if let v = try count(file.maxQueuedRequests, "maxQueuedRequests") { configuration.limits.maxQueuedCalls = v }
        if let v = try count(file.maxQueuedBytes, "maxQueuedBytes") { configuration.limits.maxQueuedBytes = v }
        if let v = try count(file.maxPendingWriteBytes, "maxPendingWriteBytes") { configuration.limits.maxPendingWriteBytes = v }
        if let v = try seconds(file.minimumPlanInterval, "minimumPlanInterval") { configuration.minimumPlanInterval = v }
        return configuration
    }
}

/// The configuration file could not be read.
struct ConfigurationFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot read configuration file \(path): \(reason)" }
}
