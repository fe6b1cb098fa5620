/// The basis of the previous solve, keyed by what each row and column means (EV and slot start,
/// checkpoint, line and polygon side), so the next, shifted LP starts from it. A reference type
/// owned by one planner and only touched inside its synchronous solve: no `glp_prob` outlives it.
public final class WarmStart {
    var columns: [ColumnKey: Int32] = [:]
    var rows: [RowKey: Int32] = [:]
    /// The last plan's column values: the start when the shifted basis is singular.
    var values: [ColumnKey: Double] = [:]
    /// Re-plans that started from a stored basis.
    public private(set) var warmSolves = 0
    /// Re-plans that fell back to a fresh basis.
    public private(set) var coldSolves = 0

    /// An empty store.
    public init() {}

    func record(warm: Bool) {
        if warm { warmSolves += 1 } else { coldSolves += 1 }
    }

    struct ColumnKey: Hashable {
        var need: String
        var slotStart: Double
    }

    enum RowKey: Hashable {
        case energy(String)
        case fairness(String)
        case slotFairness(String, slotStart: Double)
        case line(checkpoint: Int, line: Int, slotStart: Double, side: Int, order: Int)
        case power(checkpoint: Int, slotStart: Double)
    }
}
