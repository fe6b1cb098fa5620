import Foundation

/// The allocation LP as data, before any solver sees it: columns are the current of each EV in
/// each slot it is present, rows bound every checkpoint's line currents (inscribed polygons), its
/// power and each EV's energy. Both the GLPK C-API builder and the MathProg data writer read it.
public struct AllocationProblem: Sendable {
    /// One EV in the problem.
    public struct Vehicle: Sendable {
        /// Index into the needs.
        public var need: Int
        /// Topology EVSE index.
        public var evse: Int
        /// Effective wiring (a one-phase EV on a three-phase EVSE draws on L1).
        public var wiring: EVSEWiring
        /// kW per ampere.
        public var kilowattsPerAmp: Double
        /// Energy cap (kWh); infinite when unknown.
        public var energyKWh: Double
        /// Upper bound on the current (A).
        public var maxCurrentA: Double
        /// Energy weight (priority).
        public var weight: Double
        /// Hours present in each slot (0 = absent).
        public var presence: [Double]
        /// Line currents per ampere at each checkpoint it touches.
        public var coefficients: [(checkpoint: Int, lines: [Phasor])]
        /// Per slot, the current the slot-fairness floor is a fraction of (A; 0 = no floor there).
        public var fairnessCapA: [Double] = []
    }

    /// A bound on a checkpoint's line current in one slot.
    public struct LineLimit: Sendable {
        /// Checkpoint index.
        public var checkpoint: Int
        /// Line (0…2).
        public var line: Int
        /// Slot index.
        public var slot: Int
        /// The limit (A).
        public var limitA: Double
        /// The base load's phasor on this line.
        public var base: Phasor
    }

    /// A bound on a checkpoint's power in one slot.
    public struct PowerLimit: Sendable {
        /// Checkpoint index.
        public var checkpoint: Int
        /// Slot index.
        public var slot: Int
        /// The limit (kW).
        public var limitKW: Double
        /// The base load (kW).
        public var baseKW: Double
    }

    /// The slots.
    public var slots: [PlanningSlot]
    /// The EVs.
    public var vehicles: [Vehicle]
    /// The line limits.
    public var lineLimits: [LineLimit]
    /// The power limits.
    public var powerLimits: [PowerLimit]
    /// ε of the earliness term.
    public var earliness: Double
    /// λ of the fairness term.
    public var fairness: Double
    /// Number of checkpoints.
    public var checkpointCount: Int
    /// λ_s of the per-slot fairness term (0 = off); which EVs it covers is in `fairnessCapA`.
    public var slotFairness: Double = 0

    /// The objective coefficient of EV `v` in slot `s` (per ampere).
    public func objective(vehicle v: Int, slot s: Int) -> Double {
        let first = slots[0].start
        let span = max(1, slots[slots.count - 1].end.timeIntervalSince(first))
        let middle = slots[s].start.timeIntervalSince(first) + slots[s].end.timeIntervalSince(slots[s].start) / 2
        let vehicle = vehicles[v]
        return vehicle.weight * (1 + earliness * (span - middle) / span) * vehicle.kilowattsPerAmp * vehicle.presence[s]
    }

    /// The energy EV `v` could take alone (kWh): what the fairness term measures against.
    public func reachable(vehicle v: Int) -> Double {
        let vehicle = vehicles[v]
        let alone = vehicle.presence.reduce(0, +) * vehicle.maxCurrentA * vehicle.kilowattsPerAmp
        return min(alone, vehicle.energyKWh)
    }

    /// The slot-fairness cap of EV `v` in slot `s` (A), 0 when it has no floor there.
    public func fairnessCap(vehicle v: Int, slot s: Int) -> Double {
        let caps = vehicles[v].fairnessCapA
        return s < caps.count && vehicles[v].presence[s] > 0 ? caps[s] : 0
    }

    /// The energy slot `s`'s floored EVs could take at their caps (kWh): the weight of f_s.
    public func slotReach(slot s: Int) -> Double {
        vehicles.indices.reduce(0) { total, v in
            total + vehicles[v].kilowattsPerAmp * vehicles[v].presence[s] * fairnessCap(vehicle: v, slot: s)
        }
    }
}
