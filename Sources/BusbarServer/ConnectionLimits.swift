/// How much a connection may hold of the server before it is refused or dropped (issue #10,
/// defects 1–4): half-open upgrades, stalled stations and unanswered pings must not exhaust
/// descriptors or memory that the operator API and authenticated stations need.
public struct ConnectionLimits: Sendable {
    /// From TCP accept to the 101 answer, TLS handshake included. 10 s: a station on a slow
    /// cellular link upgrades in well under a second; a socket that takes longer is half-open.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Longest silence (no byte received) on a connection that has not upgraded yet.
    public var idleTimeout: Duration = .seconds(5)
    /// Connections not yet authenticated (accepted, not upgraded) across the OCPP listeners; more
    /// are closed at once. Small next to the descriptor limit, so the rest stays for the API and
    /// authenticated stations.
    public var maxPendingConnections: Int = 2_048
    /// Connections not yet authenticated from one source address; generous, since a fleet behind
    /// one carrier NAT reconnects at once after a restart.
    public var maxPendingPerAddress: Int = 256
    /// How long after a ping its pong may come (Part 4 §5.2); never longer than the ping interval.
    public var pongTimeout: Duration = .seconds(30)
    /// How long a station's socket may stay unwritable (it stopped reading) before it is closed
    /// and everything buffered for it is freed.
    public var writeStallTimeout: Duration = .seconds(30)
    /// Bytes of frames waiting for one station's socket beyond the kernel and channel buffers; a
    /// CSMS→station request that would exceed it is refused (503) rather than buffered.
    public var maxPendingWriteBytes: Int = 4 << 20
    /// CSMS→station requests waiting behind the one in flight, per station; more answer 503 at once.
    public var maxQueuedCalls: Int = 64
    /// Bytes of those waiting requests, per station (a few large SetVariables or SendLocalList).
    public var maxQueuedBytes: Int = 8 << 20

    /// The defaults.
    public init() {}
}
