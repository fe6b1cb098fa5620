import Foundation

/// A plan for a site: per EVSE per slot the current per phase, per checkpoint and phase the
/// executed slot's load against its limit, and which constraint binds — what the server turns into
/// charging profiles and what the API shows.
public struct Plan: Sendable {
    /// One EV's allocation.
    public struct Allocation: Sendable {
        /// The need's id (transaction or session).
        public var need: String
        /// Station id.
        public var station: String
        /// EVSE id.
        public var evse: Int
        /// EVSE terminals that carry the current (per-phase figures apply to each).
        public var terminals: [Phase]
        /// Current per phase in each slot (A); slot 0 is the executed one, after repair and upscaling.
        public var currentA: [Double]

        /// The per-phase currents [L1, L2, L3] (EVSE terminals) in `slot`.
        public func phaseCurrents(slot: Int) -> [Double] {
            Phase.allCases.map { terminals.contains($0) ? currentA[slot] : 0 }
        }
    }

    /// A checkpoint's load in the executed slot, exact.
    public struct Load: Sendable {
        /// Checkpoint name ("node" or "node (primary)").
        public var name: String
        /// Line, or nil for the power figure.
        public var phase: Phase?
        /// Load: A on a line, kW for power.
        public var value: Double
        /// The limit in force, if any.
        public var limit: Double?
        /// Why the limit is what it is.
        public var source: String
    }

    /// The slots.
    public var slots: [PlanningSlot]
    /// The allocations.
    public var allocations: [Allocation]
    /// Executed-slot loads per checkpoint and phase (and power).
    public var loads: [Load]
    /// The constraint closest to its limit in the executed slot, e.g. "tx-1 (primary) L2 at 99.8 %".
    public var binding: String?
    /// LP energy over the horizon (kWh).
    public var plannedKWh: Double
    /// LP size and time.
    public var columns: Int, rows: Int, milliseconds: Double
}
