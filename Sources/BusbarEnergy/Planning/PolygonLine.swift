import Foundation

/// One bounded line current of one checkpoint in one slot, as the solver sees it: the columns and
/// phasor coefficients of the EVs on it, the base load and the inscribed K-gon's sides.
struct PolygonLine {
    var checkpoint: Int
    var line: Int
    var slotStart: Double
    var order: Int
    /// M·cos(π/K): the distance of every side from the centre.
    var radius: Double
    var base: Phasor
    /// (candidate column, line phasor per ampere, the column's upper bound).
    var terms: [(column: Int32, coefficient: Phasor, upper: Double)] = []
    /// Sides already in the LP, with their GLPK row.
    var included: [Int: Int32] = [:]

    init(checkpoint: Int, line: Int, slotStart: Double, order: Int, radius: Double, base: Phasor) {
        self.checkpoint = checkpoint
        self.line = line
        self.slotStart = slotStart
        self.order = order
        self.radius = radius
        self.base = base
    }

    /// The direction of side `side`'s outward normal.
    func angle(_ side: Int) -> Double { 2 * Double.pi * Double(side) / Double(order) }

    /// The side whose normal is nearest the direction of `z`: the one `z` crosses first.
    func nearestSide(to z: Phasor) -> Int {
        guard z.magnitude > 1e-12 else { return 0 }
        var angle = atan2(z.im, z.re)
        if angle < 0 { angle += 2 * .pi }
        return Int((angle / (2 * .pi / Double(order))).rounded()) % order
    }

    /// The side's row: Σ Re(a·e^{−iφ}) r ≤ M cos(π/K) − Re(b·e^{−iφ}).
    func row(side: Int) -> (terms: [(Int32, Double)], bound: Double) {
        let angle = angle(side)
        return (terms.map { ($0.column, $0.coefficient.projected(on: angle)) }, radius - base.projected(on: angle))
    }

    /// Whether any allocation within the column bounds can cross the side (if not, the row is dropped: exact).
    func canBind(side: Int) -> Bool {
        let angle = angle(side)
        let most = terms.reduce(0) { $0 + max(0, $1.coefficient.projected(on: angle)) * $1.upper }
        return most > radius - base.projected(on: angle) + 1e-9
    }
}
