import CoreMetrics
import Prometheus
import Synchronization

/// The energy manager's Prometheus metrics (issue #11 §6): how long plans take and how many
/// each site gets, the headroom each node keeps in the slot being executed, and what became
/// of the profiles sent. Sites and nodes come and go with the capacity files, so handles are
/// made on first use and kept.
final class EnergyMetrics: Sendable {
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let gauges = Mutex<[String: CoreMetrics.Meter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])

    /// Metrics in the server's registry, so `GET /metrics` shows them beside the OCPP ones.
    init(registry: PrometheusCollectorRegistry) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// A plan was made for a site in `milliseconds`.
    func planned(site: String, milliseconds: Double) {
        counter("busbar_energy_plans_total", [("site", site)]).increment()
        timer("busbar_energy_plan_duration_seconds", [("site", site)]).recordNanoseconds(Int64(milliseconds * 1_000_000))
    }

    /// What a node may still carry in the executed slot: limit − planned load, in A per phase or kW.
    func headroom(site: String, node: String, phase: String?, unit: String, value: Double) {
        let dimensions = [("site", site), ("node", node), ("phase", phase ?? "total")]
        gauge(unit == "kW" ? "busbar_energy_headroom_kilowatts" : "busbar_energy_headroom_amperes", dimensions).set(value)
    }

    /// What became of a SetChargingProfile: accepted, rejected or unanswered.
    func profile(site: String, purpose: String, outcome: String) {
        counter("busbar_energy_profiles_sent_total", [("site", site), ("purpose", purpose), ("outcome", outcome)]).increment()
    }

    /// Meter values showed a node line (or its power) above its limit in a slot.
    func violation(site: String, node: String, phase: String?) {
        counter("busbar_energy_limit_violations_total", [("site", site), ("node", node), ("phase", phase ?? "total")]).increment()
    }

    /// Stale or foreign profiles cleared at reconciliation (K10).
    func cleared(site: String) {
        counter("busbar_energy_profiles_cleared_total", [("site", site)]).increment()
    }

    private static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: "\u{1F}")
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Counter {
        Self.cached(counters, label, dimensions) { CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory) }
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Meter {
        Self.cached(gauges, label, dimensions) { CoreMetrics.Meter(label: label, dimensions: dimensions, factory: factory) }
    }

    private func timer(_ label: String, _ dimensions: [(String, String)]) -> CoreMetrics.Timer {
        Self.cached(timers, label, dimensions) { CoreMetrics.Timer(label: label, dimensions: dimensions, factory: factory) }
    }

    /// The handle for a label and dimensions, made once.
    private static func cached<Handle: Sendable>(
        _ cache: borrowing Mutex<[String: Handle]>, _ label: String, _ dimensions: [(String, String)], make: () -> Handle
    ) -> Handle {
        cache.withLock { handles in
            let key = key(label, dimensions)
            if let existing = handles[key] { return existing }
            let made = make()
            handles[key] = made
            return made
        }
    }
}
