import Foundation
import NIOSSL

/// How one station reaches the CSMS: the part of the setup shared by the simulator and the bench.
public struct StationConnectionConfiguration: Sendable {
    /// The CSMS endpoint without the station id, e.g. `ws://127.0.0.1:9000/ocpp`.
    public var serverURL: String
    /// The charging-station identity, appended to `serverURL` as the last path segment (OCPP-J 3.1.1).
    public var stationId: String
    /// HTTP Basic password for security profiles 1 and 2; nil sends no Authorization header.
    public var password: String?
    /// TLS settings for `wss://` (profile 2: trusted root; profile 3: plus client certificate).
    public var tls: TLSConfiguration?
    /// Offer permessage-deflate; off by default because it costs ~300 KiB of zlib state per socket.
    public var compression: Bool
    /// Subprotocols offered in `Sec-WebSocket-Protocol`; tests offer wrong ones to prove rejection.
    public var subprotocols: [String]
    /// Largest WebSocket frame accepted or sent; 1 MiB because NotifyReport and local lists exceed the 16 KiB default.
    public var maxFrameSize: Int
    /// How long TCP connect, TLS and the upgrade may take together; 10 s matches NIO's connect timeout.
    public var connectTimeout: Duration
    /// Send WebSocket pings at this period (nil: none); OCPP lets the station keep NAT bindings alive this way.
    public var pingInterval: Duration?
    /// Extra HTTP headers for the upgrade request (tests use it to send odd headers).
    public var additionalHeaders: [(name: String, value: String)]

    /// Creates a configuration with the defaults a local Busbar expects.
    public init(
        serverURL: String,
        stationId: String,
        password: String? = nil,
        tls: TLSConfiguration? = nil,
        compression: Bool = false,
        subprotocols: [String] = ["ocpp2.0.1"],
        maxFrameSize: Int = 1 << 20,
        connectTimeout: Duration = .seconds(10),
        pingInterval: Duration? = nil,
        additionalHeaders: [(name: String, value: String)] = []
    ) {
        self.serverURL = serverURL
        self.stationId = stationId
        self.password = password
        self.tls = tls
        self.compression = compression
        self.subprotocols = subprotocols
        self.maxFrameSize = maxFrameSize
        self.connectTimeout = connectTimeout
        self.pingInterval = pingInterval
        self.additionalHeaders = additionalHeaders
    }

    /// The full WebSocket URL of this station: `serverURL/stationId`, the id percent-encoded.
    public var endpointURL: String {
        let base = serverURL.hasSuffix("/") ? String(serverURL.dropLast()) : serverURL
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        let segment = stationId.addingPercentEncoding(withAllowedCharacters: allowed) ?? stationId
        return "\(base)/\(segment)"
    }

    /// The `Authorization` header value for HTTP Basic, or nil without a password.
    public var basicAuthorization: String? {
        guard let password else { return nil }
        return "Basic " + Data("\(stationId):\(password)".utf8).base64EncodedString()
    }

    /// Host, port, path and TLS flag of `endpointURL`, validated.
    func endpoint() throws(SimulatorError) -> Endpoint {
        let url = endpointURL
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw .invalidConfiguration("server URL \(serverURL) is not a ws:// or wss:// URL with a host")
        }
        guard scheme == "ws" || scheme == "wss" else {
            throw .invalidConfiguration("server URL \(serverURL) must start with ws:// or wss://, not \(scheme)://")
        }
        guard !stationId.isEmpty, stationId.count <= 48 else {
            throw .invalidConfiguration("station id must be 1…48 characters (OCPP identifierString), got \(stationId.count)")
        }
        let secure = scheme == "wss"
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return Endpoint(url: url, host: host, port: components.port ?? (secure ? 443 : 80), path: path, secure: secure)
    }

    /// The parts of the endpoint URL the transport needs.
    struct Endpoint: Sendable {
        var url: String
        var host: String
        var port: Int
        var path: String
        var secure: Bool
    }
}
