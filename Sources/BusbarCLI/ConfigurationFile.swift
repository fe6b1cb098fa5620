import BusbarCSMS
import BusbarServer
import BusbarStorage
import Foundation

/// `--config FILE`: a JSON object whose members override the defaults before command-line
/// options apply — `ocppHost`, `ocppPort`, `ocppsPort`, `ocppPath`, `apiHost`, `apiPort`,
/// `dataDir`, `tlsCert`, `tlsKey`, `tlsClientCa`, `callTimeout`, `heartbeatInterval`, `commitGatherMs`.
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
        return configuration
    }
}

/// The configuration file could not be read.
struct ConfigurationFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot read configuration file \(path): \(reason)" }
}
