import NIOSSL

/// Everything a `ChargingStationSimulator` needs: how to connect, what it looks like, how patient it is.
public struct SimulatorConfiguration: Sendable {
    /// The CSMS endpoint without the station id, e.g. `ws://127.0.0.1:9000/ocpp`.
    public var serverURL: String
    /// The station identity (last URL path segment and HTTP Basic user name).
    public var stationId: String
    /// HTTP Basic password (security profiles 1 and 2); nil sends no Authorization header.
    public var password: String?
    /// TLS for `wss://`; build it with `StationTLS.configuration(...)`.
    public var tls: TLSConfiguration?
    /// Offer permessage-deflate.
    public var compression: Bool
    /// Subprotocols offered at the upgrade; tests override the default to prove the CSMS refuses others.
    public var subprotocols: [String]
    /// EVSEs and connectors.
    public var layout: EVSELayout
    /// Sent in BootNotification `chargingStation.vendorName`.
    public var vendorName: String
    /// Sent in BootNotification `chargingStation.model`.
    public var model: String
    /// Sent in BootNotification `chargingStation.serialNumber`.
    public var serialNumber: String?
    /// Sent in BootNotification `chargingStation.firmwareVersion`.
    public var firmwareVersion: String?
    /// How long a call waits for its CALLRESULT/CALLERROR; 30 s is the OCPP default MessageTimeout.
    public var responseTimeout: Duration
    /// TCP + TLS + upgrade time limit.
    public var connectTimeout: Duration
    /// Keep OCPP's rule of one outstanding station→CSMS call; tests of the server's enforcement turn it off.
    public var serializeCalls: Bool
    /// Answer CSMS calls automatically; when false they land in the raw frame queue unanswered.
    public var answerCSMSCalls: Bool
    /// Largest WebSocket frame in either direction.
    public var maxFrameSize: Int

    /// Creates a configuration; only the server URL and station id are required.
    public init(
        serverURL: String,
        stationId: String,
        password: String? = nil,
        tls: TLSConfiguration? = nil,
        compression: Bool = false,
        subprotocols: [String] = ["ocpp2.0.1"],
        layout: EVSELayout = .uniform(evses: 2),
        vendorName: String = "Busbar",
        model: String = "Simulator",
        serialNumber: String? = nil,
        firmwareVersion: String? = "1.0.0",
        responseTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        serializeCalls: Bool = true,
        answerCSMSCalls: Bool = true,
        maxFrameSize: Int = 1 << 20
    ) {
        self.serverURL = serverURL
        self.stationId = stationId
        self.password = password
        self.tls = tls
        self.compression = compression
        self.subprotocols = subprotocols
        self.layout = layout
        self.vendorName = vendorName
        self.model = model
        self.serialNumber = serialNumber ?? "SIM-\(stationId)"
        self.firmwareVersion = firmwareVersion
        self.responseTimeout = responseTimeout
        self.connectTimeout = connectTimeout
        self.serializeCalls = serializeCalls
        self.answerCSMSCalls = answerCSMSCalls
        self.maxFrameSize = maxFrameSize
    }

    /// The transport part of this configuration.
    public var connection: StationConnectionConfiguration {
        StationConnectionConfiguration(
            serverURL: serverURL,
            stationId: stationId,
            password: password,
            tls: tls,
            compression: compression,
            subprotocols: subprotocols,
            maxFrameSize: maxFrameSize,
            connectTimeout: connectTimeout
        )
    }

    /// The OCPP security profile this configuration amounts to (reported as SecurityCtrlr.SecurityProfile).
    public var securityProfile: Int {
        guard serverURL.lowercased().hasPrefix("wss") else { return 1 }
        if let tls, !tls.certificateChain.isEmpty { return 3 }
        return 2
    }
}
