/// How an EVSE draws current, in its own terminal names (the `PhaseRotation` maps them to the
/// site's phases): three-phase, one line to neutral, or one line to another (208 V / 400 V delta).
public enum EVSEWiring: Sendable, Hashable, CustomStringConvertible {
    case threePhase
    case lineToNeutral(Phase)
    case lineToLine(Phase, Phase)

    /// Parses "3P", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1" (any pair order).
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-").map(String.init)
        if parts == ["3P"] || parts == ["3PH"] {
            self = .threePhase
        } else if parts.count == 2, let a = Phase(name: parts[0]), parts[1] == "N" {
            self = .lineToNeutral(a)
        } else if parts.count == 2, let a = Phase(name: parts[0]), let b = Phase(name: parts[1]), a != b {
            self = .lineToLine(a, b)
        } else {
            return nil
        }
    }

    /// The site file's spelling.
    public var description: String {
        switch self {
        case .threePhase: "3P"
        case .lineToNeutral(let a): "\(a)-N"
        case .lineToLine(let a, let b): "\(a)-\(b)"
        }
    }

    /// Watts per ampere per volt of line-to-neutral voltage: 1 (L-N), √3 (L-L), 3 (three-phase).
    public var powerFactorPerVolt: Double {
        switch self {
        case .threePhase: 3
        case .lineToNeutral: 1
        case .lineToLine: 3.0.squareRoot()
        }
    }

    /// The EVSE terminals that carry the current `r` (the per-phase figures of a plan).
    public var terminals: [Phase] {
        switch self {
        case .threePhase: [.l1, .l2, .l3]
        case .lineToNeutral(let a): [a]
        case .lineToLine(let a, let b): [a, b]
        }
    }

    /// The line currents (site phases L1, L2, L3) that 1 A drawn through this wiring causes at
    /// unity power factor: in phase with the voltage the load is connected across.
    public func lineCurrents(rotation: PhaseRotation) -> [Phasor] {
        var lines = [Phasor](repeating: .zero, count: 3)
        switch self {
        case .threePhase:
            for terminal in Phase.allCases {
                let site = rotation.sitePhase[terminal.rawValue]
                lines[site.rawValue] = lines[site.rawValue] + site.unit
            }
        case .lineToNeutral(let terminal):
            let site = rotation.sitePhase[terminal.rawValue]
            lines[site.rawValue] = site.unit
        case .lineToLine(let from, let to):
            let a = rotation.sitePhase[from.rawValue]
            let b = rotation.sitePhase[to.rawValue]
            // V_ab = V_a − V_b = √3·V∠(…): the current flows out on line a and back on line b.
            let current = (a.unit - b.unit) * (1 / 3.0.squareRoot())
            lines[a.rawValue] = lines[a.rawValue] + current
            lines[b.rawValue] = lines[b.rawValue] - current
        }
        return lines
    }
}
