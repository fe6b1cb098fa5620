/// Which GLPK algorithm solves the LP.
public enum SolverMethod: String, Sendable, Hashable, CaseIterable {
    /// Primal simplex; warm-starts from the previous basis when one is given (the default).
    case primal
    /// Dual simplex.
    case dual
    /// Interior point (glp_interior), cold by nature.
    case interior
}
