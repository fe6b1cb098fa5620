import BusbarCSMS
import BusbarStorage

/// Everything `busbar serve` can be told, with defaults that run a demo on one machine.
public struct BusbarConfiguration: Sendable {
    /// Interface of the OCPP listeners; stations are on the network, so all interfaces.
    public var ocppHost: String = "0.0.0.0"
    /// Port of the plain `ws://` listener (security profile 1); 0 picks a free port.
    public var ocppPort: Int = 9000
    /// Port of the `wss://` listener, used when `tls` is set; 0 picks a free port.
    public var ocppsPort: Int = 9443
    /// Path before the station identity in the connection URL (Part 4 §3.1.1).
    public var ocppPathPrefix: String = "/ocpp"
    /// Interface of the operator API; loopback by default, because without an API key it is open
    /// to this machine and may listen nowhere else (`checkOperatorAPIExposure`).
    public var apiHost: String = "127.0.0.1"
    /// Port of the operator API; 0 picks a free port.
    public var apiPort: Int = 8080
    /// Folder for the SQLite database (created if missing).
    public var dataDirectory: String = "./data"
    /// Folder of the site capacity files (`Sites/`); nil plans no site from files.
    public var sitesDirectory: String?
    /// How often the sites folder is looked at for changed files.
    public var siteRescanInterval: Duration = .seconds(1)
    /// Length of a planning slot (minutes); the energy manager re-plans at every slot boundary.
    public var planningSlotMinutes: Int = 15
    /// The least time between two plans of one site: events arriving meanwhile make one plan, so
    /// a busy site cannot take the CPU from the message path (a new EV is capped by its station's
    /// TxDefaultProfile until then).
    public var minimumPlanInterval: Duration = .seconds(1)
    /// Certificates for the `wss://` listener; nil runs only `ws://`.
    public var tls: TLSSettings?
    /// How long a CSMS→station call waits for its answer.
    public var callTimeout: Duration = .seconds(60)
    /// Largest OCPP message accepted, 1 MiB: ample for NotifyReport and SendLocalList, small
    /// enough that one station cannot exhaust memory.
    public var maxMessageSize: Int = 1 << 20
    /// WebSocket ping interval that detects dead connections (Part 4 §5.2).
    public var pingInterval: Duration? = .seconds(60)
    /// Offer permessage-deflate (RFC 7692) to stations that ask for it.
    public var compression: Bool = true
    /// Intervals handed to stations.
    public var csms: CSMSConfiguration = .init()
    /// PBKDF2 rounds for new station password hashes.
    public var passwordHashRounds: Int = 10_000
    /// Storage durability (process-crash safe by default; power-loss safe costs an fsync per write).
    public var storage: SQLiteStore.Configuration = .init()
    /// Listen backlog: large enough that thousands of stations reconnecting after a restart are
    /// queued by the kernel rather than refused.
    public var backlog: Int = 4096
    /// Timeouts and caps that keep half-open, stalled or silent connections from exhausting the server.
    public var limits: ConnectionLimits = .init()

    /// Creates the default configuration.
    public init() {}

    /// The SQLite database file inside the data directory.
    public var databasePath: String {
        (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "busbar.sqlite"
    }
}
