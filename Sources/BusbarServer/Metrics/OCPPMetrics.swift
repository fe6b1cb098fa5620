import CoreMetrics
import OCPP
import Prometheus

/// The server's Prometheus metrics. Each server instance owns its registry (several servers run
/// in one test process, and swift-metrics' global bootstrap can happen only once), and metric
/// handles are created up front so the message path only increments.
final class OCPPMetrics: Sendable {
    /// Backs `GET /metrics`.
    let registry: PrometheusCollectorRegistry
    /// Open station connections.
    let connections: CoreMetrics.Meter
    private let inbound: [String: CoreMetrics.Counter]
    private let outbound: [String: CoreMetrics.Counter]
    private let durations: [String: CoreMetrics.Timer]
    private let unknownAction: CoreMetrics.Counter
    private let callErrorsSent: [String: CoreMetrics.Counter]
    private let callErrorsReceived: CoreMetrics.Counter
    /// Upgrade requests refused, by HTTP status.
    private let refusedUpgrades: [UInt: CoreMetrics.Counter]
    private let refusedOther: CoreMetrics.Counter
    /// Storage commits, and the acknowledged writes they carried (their ratio shows the group commit at work).
    /// Password back-offs that reached a new level, by what was held (station id or source address).
    private let authenticationBackoffs: [String: CoreMetrics.Counter]
    private let commits: CoreMetrics.Counter
    private let committedWrites: CoreMetrics.Counter
    /// Connections closed at once for want of a slot among those not yet authenticated, by limit.
    private let refusedConnections: [ConnectionAdmission.Refusal: CoreMetrics.Counter]
    /// Connections closed before their upgrade, by which timeout (handshake, idle).
    private let handshakeTimeouts: [String: CoreMetrics.Counter]
    private let pongTimeouts: CoreMetrics.Counter
    private let writeStalls: CoreMetrics.Counter
    private let refusedRequests: CoreMetrics.Counter

    init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
        ]
        self.registry = registry
        connections = CoreMetrics.Meter(label: "busbar_ocpp_connections", factory: factory)
        var inbound: [String: CoreMetrics.Counter] = [:]
        var outbound: [String: CoreMetrics.Counter] = [:]
        var durations: [String: CoreMetrics.Timer] = [:]
        for action in OCPPAction.allCases {
            inbound[action.rawValue] = CoreMetrics.Counter(
                label: "busbar_ocpp_calls_received_total", dimensions: [("action", action.rawValue)], factory: factory)
            outbound[action.rawValue] = CoreMetrics.Counter(
                label: "busbar_ocpp_calls_sent_total", dimensions: [("action", action.rawValue)], factory: factory)
            durations[action.rawValue] = CoreMetrics.Timer(
                label: "busbar_ocpp_call_duration_seconds", dimensions: [("action", action.rawValue)], factory: factory)
        }
        self.inbound = inbound
        self.outbound = outbound
        self.durations = durations
        unknownAction = CoreMetrics.Counter(
            label: "busbar_ocpp_calls_received_total", dimensions: [("action", "unknown")], factory: factory)
        var errors: [String: CoreMetrics.Counter] = [:]
        for code in RPCErrorCode.allCases {
            errors[code.rawValue] = CoreMetrics.Counter(
                label: "busbar_ocpp_callerrors_sent_total", dimensions: [("code", code.rawValue)], factory: factory)
        }
        callErrorsSent = errors
        callErrorsReceived = CoreMetrics.Counter(label: "busbar_ocpp_callerrors_received_total", factory: factory)
        var refused: [UInt: CoreMetrics.Counter] = [:]
        for status: UInt in [400, 401, 403, 404, 426, 429, 503] {
            refused[status] = CoreMetrics.Counter(
                label: "busbar_ocpp_upgrades_refused_total", dimensions: [("status", "\(status)")], factory: factory)
        }
        refusedUpgrades = refused
        refusedOther = CoreMetrics.Counter(label: "busbar_ocpp_upgrades_refused_total", dimensions: [("status", "other")], factory: factory)
        authenticationBackoffs = Dictionary(
            uniqueKeysWithValues: ["station", "address"].map { scope in
                (scope, CoreMetrics.Counter(label: "busbar_ocpp_auth_backoffs_total", dimensions: [("scope", scope)], factory: factory))
            })
        commits = CoreMetrics.Counter(label: "busbar_storage_commits_total", factory: factory)
        committedWrites = CoreMetrics.Counter(label: "busbar_storage_writes_total", factory: factory)
        refusedConnections = Dictionary(
            uniqueKeysWithValues: ConnectionAdmission.Refusal.allCases.map { refusal in
                (
                    refusal,
                    CoreMetrics.Counter(
                        label: "busbar_ocpp_connections_refused_total", dimensions: [("reason", refusal.rawValue)], factory: factory)
                )
            })
        handshakeTimeouts = Dictionary(
            uniqueKeysWithValues: ["handshake", "idle"].map { reason in
                (
                    reason,
                    CoreMetrics.Counter(label: "busbar_ocpp_handshake_timeouts_total", dimensions: [("reason", reason)], factory: factory)
                )
            })
        pongTimeouts = CoreMetrics.Counter(label: "busbar_ocpp_pong_timeouts_total", factory: factory)
        writeStalls = CoreMetrics.Counter(label: "busbar_ocpp_write_stalls_total", factory: factory)
        refusedRequests = CoreMetrics.Counter(label: "busbar_ocpp_requests_refused_total", factory: factory)
    }

    /// A station CALL was answered after `duration`.
    func callHandled(action: String, duration: Duration) {
        if let counter = inbound[action] {
            counter.increment()
            durations[action]?.recordNanoseconds(
                Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        } else {
            unknownAction.increment()
        }
    }

    /// The CSMS sent a CALL to a station.
    func callSent(action: String) { outbound[action]?.increment() }
    /// The CSMS answered with a CALLERROR.
    func callErrorSent(_ code: RPCErrorCode) { callErrorsSent[code.rawValue]?.increment() }
    /// A station answered our CALL with a CALLERROR.
    func callErrorReceived() { callErrorsReceived.increment() }
    /// The store committed one transaction carrying `writes` acknowledged writes.
    func committed(writes: Int) {
        commits.increment()
        committedWrites.increment(by: writes)
    }

    /// Wrong passwords put a station id or a source address (`scope`) under a longer back-off.
    func authenticationBackedOff(scope: String) { authenticationBackoffs[scope]?.increment() }

    /// An upgrade was refused with `status`.
    func upgradeRefused(status: UInt) { (refusedUpgrades[status] ?? refusedOther).increment() }
    /// A connection was closed at once: too many not yet authenticated (`ConnectionAdmission`).
    func connectionRefused(_ refusal: ConnectionAdmission.Refusal) { refusedConnections[refusal]?.increment() }
    /// A connection was closed before its upgrade by the handshake deadline or the idle timeout.
    func handshakeTimedOut(reason: String) { handshakeTimeouts[reason]?.increment() }
    /// A station was disconnected because no pong came by the deadline (Part 4 §5.2).
    func pongTimedOut() { pongTimeouts.increment() }
    /// A station was disconnected because its socket stayed unwritable.
    func writeStalled() { writeStalls.increment() }
    /// A CSMS→station request was refused at once (503): the station's queue or buffer is full.
    func requestRefused() { refusedRequests.increment() }
}
