/// A line of the site's three-phase network (L1, L2, L3 in rotation L1-L2-L3).
public enum Phase: Int, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case l1 = 0, l2 = 1, l3 = 2

    /// The unit phasor of this phase's line-to-neutral voltage: 0°, −120°, +120°.
    public var unit: Phasor { Phasor(magnitude: 1, degrees: [0.0, -120, 120][rawValue]) }
    /// "L1", "L2", "L3".
    public var description: String { "L\(rawValue + 1)" }
    /// The phase named "L1"/"L2"/"L3" (or "1"/"2"/"3").
    public init?(name: String) {
        switch name.uppercased() {
        case "L1", "1": self = .l1
        case "L2", "2": self = .l2
        case "L3", "3": self = .l3
        default: return nil
        }
    }
}

/// Three per-phase values, indexed by `Phase`.
public typealias PerPhase<T> = [T]
