import Foundation

/// A site compiled for planning: every place where a limit is checked (a node, and the primary
/// side of a transformer) and, for each EVSE and base load, the line-current phasors that one
/// ampere (or one kW) causes there — physics done once, then the LP and the exact check are sums.
public struct SiteTopology: Sendable {
    /// A place where line currents and power are bounded.
    public struct Checkpoint: Sendable {
        /// "node" or "node (primary)".
        public var name: String
        /// The node it belongs to.
        public var node: String
        /// Base per-phase limit (A), if any.
        public var limitA: [Double]?
        /// Base power limit (kW), if any.
        public var limitKW: Double?
        /// Schedules (only on a node's own checkpoint).
        public var schedules: [LimitSchedule]
        /// Line-to-neutral voltage there (V).
        public var voltageLN: Double
    }

    /// One EVSE with its coefficients per wiring variant.
    public struct CompiledEVSE: Sendable {
        /// "STATION/EVSE".
        public var key: String
        /// Station id.
        public var station: String
        /// EVSE id.
        public var evse: Int
        /// The site file's EVSE.
        public var spec: EVSE
        /// The EVSE's own wiring.
        public var wiring: EVSEWiring
        /// Its phase rotation.
        public var rotation: PhaseRotation
        /// Line-to-neutral voltage at its node (V).
        public var voltageLN: Double
        /// Node names from its node up to the grid connection.
        public var nodePath: [String]
    }

    /// The site.
    public let site: Site
    /// The checkpoints, grid connection first.
    public private(set) var checkpoints: [Checkpoint] = []
    /// The EVSEs in file order.
    public private(set) var evses: [CompiledEVSE] = []
    /// For each node name: checkpoints above it with the transform chain applied (internal).
    private var chains: [String: [(checkpoint: Int, transforms: [(VectorGroup, Double, Double)])]] = [:]
    /// Base-load profiles by node with the node's voltage.
    public private(set) var baseLoads: [(node: String, steps: [BaseLoadStep], voltageLN: Double)] = []
    /// The site's clock.
    public let clock: SiteClock

    /// Compiles a loaded site.
    public init(site: Site) {
        self.site = site
        clock = SiteClock(timezone: site.timezone)
        walk(site.grid, voltageLN: site.voltageLN, above: [])
    }

    private mutating func walk(_ node: SiteNode, voltageLN: Double, above: [(checkpoint: Int, transforms: [(VectorGroup, Double, Double)])])
    {
        var chain = above
        var below = voltageLN
        var own: [(checkpoint: Int, transforms: [(VectorGroup, Double, Double)])] = []
        if let transformer = node.transformer, let group = VectorGroup(rawValue: transformer.vectorGroup) {
            // The primary checkpoint sees the secondary currents through the transformer.
            checkpoints.append(
                Checkpoint(
                    name: node.name + " (primary)", node: node.name, limitA: transformer.primaryLimitA,
                    limitKW: nil, schedules: [], voltageLN: voltageLN))
            let primary = checkpoints.count - 1
            let step = (group, transformer.primaryVoltageLL, transformer.secondaryVoltageLL)
            chain = chain.map { ($0.checkpoint, [step] + $0.transforms) }
            own.append((primary, [step]))
            below = transformer.secondaryVoltageLL / 3.0.squareRoot()
        }
        checkpoints.append(
            Checkpoint(
                name: node.name, node: node.name, limitA: node.limitA, limitKW: node.limitKW,
                schedules: node.schedules ?? [], voltageLN: below))
        let mine = checkpoints.count - 1
        let full = [(mine, [(VectorGroup, Double, Double)]())] + own + chain
        chains[node.name] = full
        if let steps = node.baseLoad { baseLoads.append((node.name, steps, below)) }
        for station in node.stations ?? [] {
            for evse in station.evses {
                let names = full.map { checkpoints[$0.checkpoint].node }
                var path: [String] = []
                for name in names where path.last != name { path.append(name) }
                evses.append(
                    CompiledEVSE(
                        key: "\(station.id)/\(evse.id)", station: station.id, evse: evse.id, spec: evse,
                        wiring: EVSEWiring(evse.wiring) ?? .threePhase,
                        rotation: evse.rotation.flatMap(PhaseRotation.init) ?? .straight,
                        voltageLN: below, nodePath: path))
            }
        }
        for child in node.children ?? [] { walk(child, voltageLN: below, above: full) }
    }

    /// The EVSE index for "STATION/EVSE", or for a station and EVSE id.
    public func evseIndex(station: String, evse: Int) -> Int? {
        evses.firstIndex { $0.station == station && $0.evse == evse }
    }

    /// The line currents at every checkpoint above `node` that `local` (line currents in the
    /// node's frame) causes: sparse, (checkpoint, [L1, L2, L3]).
    public func propagate(_ local: [Phasor], from node: String) -> [(checkpoint: Int, lines: [Phasor])] {
        (chains[node] ?? []).map { entry in
            var lines = local
            // Transforms are listed in the order the current meets them on its way up.
            for (group, primary, secondary) in entry.transforms {
                lines = group.primaryCurrents(lines, primaryVoltageLL: primary, secondaryVoltageLL: secondary)
            }
            return (entry.checkpoint, lines)
        }
    }

    /// Names of the nodes (with their own checkpoint) from `node` up.
    public func checkpointIndices(above node: String) -> [Int] { (chains[node] ?? []).map(\.checkpoint) }

    /// The effective wiring when an EV drawing on `phases` phases is plugged into the EVSE: a
    /// one-phase EV on a three-phase EVSE draws on terminal L1.
    public func wiring(of evse: Int, evPhases: Int) -> EVSEWiring {
        let wiring = evses[evse].wiring
        if case .threePhase = wiring, evPhases == 1 { return .lineToNeutral(.l1) }
        return wiring
    }

    /// Coefficients of 1 A through EVSE `evse` with `wiring`: (checkpoint, line phasors).
    public func coefficients(evse: Int, wiring: EVSEWiring) -> [(checkpoint: Int, lines: [Phasor])] {
        let compiled = evses[evse]
        return propagate(wiring.lineCurrents(rotation: compiled.rotation), from: compiled.nodePath[0])
    }

    /// kW per ampere through `wiring` at the EVSE's voltage.
    public func kilowattsPerAmp(evse: Int, wiring: EVSEWiring) -> Double {
        evses[evse].voltageLN * wiring.powerFactorPerVolt / 1000
    }
}
