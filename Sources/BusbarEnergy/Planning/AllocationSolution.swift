/// The solved LP: the current of every EV in every slot, and what the solver reported.
public struct AllocationSolution: Sendable {
    /// currents[vehicle][slot] (A per phase).
    public var currents: [[Double]]
    /// Objective value.
    public var objective: Double
    /// Energy the plan delivers (kWh).
    public var energyKWh: Double
    /// Columns and rows GLPK saw (after dropping rows that cannot bind).
    public var columns: Int
    /// Rows GLPK saw.
    public var rows: Int
    /// Solve time (ms), building included.
    public var milliseconds: Double
}
