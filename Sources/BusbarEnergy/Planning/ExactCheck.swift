/// The exact check in plain arithmetic: line currents as phasor sums (no polygon), power as a
/// sum, against the limits in force. Every plan passes it before anything is sent.
public enum ExactCheck {
    /// One load through an EVSE: its line phasors per ampere, kW per ampere and current.
    public struct Draw: Sendable {
        /// (checkpoint, line phasors per A).
        public var coefficients: [(checkpoint: Int, lines: [Phasor])]
        /// kW per A.
        public var kilowattsPerAmp: Double
        /// The current (A).
        public var current: Double
        /// Creates a draw.
        public init(coefficients: [(checkpoint: Int, lines: [Phasor])], kilowattsPerAmp: Double, current: Double) {
            self.coefficients = coefficients
            self.kilowattsPerAmp = kilowattsPerAmp
            self.current = current
        }
    }

    /// Line current magnitudes [checkpoint][line] and power [checkpoint] of `draws` plus the base load.
    public static func loads(_ draws: [Draw], conditions: SlotConditions) -> (lines: [[Double]], kW: [Double]) {
        var phasors = conditions.base
        var kW = conditions.baseKW
        for draw in draws where draw.current > 0 {
            for entry in draw.coefficients {
                kW[entry.checkpoint] += draw.kilowattsPerAmp * draw.current
                for line in 0..<3 { phasors[entry.checkpoint][line] = phasors[entry.checkpoint][line] + entry.lines[line] * draw.current }
            }
        }
        return (phasors.map { $0.map(\.magnitude) }, kW)
    }

    /// The worst ratio of load to limit over every bounded checkpoint line and power (≤ 1 fits).
    public static func utilisation(_ draws: [Draw], conditions: SlotConditions) -> Double {
        let (lines, kW) = loads(draws, conditions: conditions)
        var worst = 0.0
        for checkpoint in lines.indices {
            if let limit = conditions.limitA[checkpoint] {
                for line in 0..<3 where limit[line].isFinite {
                    worst = max(
                        worst, limit[line] > 0 ? lines[checkpoint][line] / limit[line] : (lines[checkpoint][line] > 1e-9 ? .infinity : 0))
                }
            }
            if let limit = conditions.limitKW[checkpoint] {
                worst = max(worst, limit > 0 ? kW[checkpoint] / limit : (kW[checkpoint] > 1e-9 ? .infinity : 0))
            }
        }
        return worst
    }

    /// Whether the draws fit every exact limit (within 1e-9 relative, for rounding).
    public static func fits(_ draws: [Draw], conditions: SlotConditions) -> Bool {
        let (lines, kW) = loads(draws, conditions: conditions)
        for checkpoint in lines.indices {
            if let limit = conditions.limitA[checkpoint] {
                let allowance = conditions.base[checkpoint].map(\.magnitude)
                for line in 0..<3 where lines[checkpoint][line] > max(limit[line], allowance[line]) * (1 + 1e-9) + 1e-9 { return false }
            }
            if let limit = conditions.limitKW[checkpoint], kW[checkpoint] > max(limit, conditions.baseKW[checkpoint]) * (1 + 1e-9) + 1e-9 {
                return false
            }
        }
        return true
    }

    /// The loads of a set of draws kept up to date one draw at a time, so the minimum-current
    /// repair tries each EV against only the checkpoints it touches (the full check per EV was
    /// quadratic in the EVs, and it now runs in every slot).
    struct Running {
        let conditions: SlotConditions
        private(set) var phasors: [[Phasor]]
        private(set) var kW: [Double]

        init(_ draws: [Draw], conditions: SlotConditions) {
            self.conditions = conditions
            phasors = conditions.base
            kW = conditions.baseKW
            for draw in draws where draw.current > 0 { add(draw) }
        }

        mutating func add(_ draw: Draw) {
            for entry in draw.coefficients {
                kW[entry.checkpoint] += draw.kilowattsPerAmp * draw.current
                for line in 0..<3 { phasors[entry.checkpoint][line] = phasors[entry.checkpoint][line] + entry.lines[line] * draw.current }
            }
        }

        /// Adds `draw` if every checkpoint it touches still fits (the same rule as `fits`); true when added.
        mutating func addIfFits(_ draw: Draw) -> Bool {
            let saved = draw.coefficients.map { (phasors[$0.checkpoint], kW[$0.checkpoint]) }
            add(draw)
            for entry in draw.coefficients where !fits(checkpoint: entry.checkpoint) {
                for (offset, restore) in draw.coefficients.enumerated() {
                    phasors[restore.checkpoint] = saved[offset].0
                    kW[restore.checkpoint] = saved[offset].1
                }
                return false
            }
            return true
        }

        func fits(checkpoint: Int) -> Bool {
            if let limit = conditions.limitA[checkpoint] {
                for line in 0..<3
                where phasors[checkpoint][line].magnitude
                    > max(limit[line], conditions.base[checkpoint][line].magnitude) * (1 + 1e-9) + 1e-9
                {
                    return false
                }
            }
            if let limit = conditions.limitKW[checkpoint], kW[checkpoint] > max(limit, conditions.baseKW[checkpoint]) * (1 + 1e-9) + 1e-9 {
                return false
            }
            return true
        }
    }
}
