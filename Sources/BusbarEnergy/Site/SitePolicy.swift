/// How the planner shares capacity (Models/README.md explains each term).
public struct SitePolicy: Sendable, Hashable, Codable {
    /// An EV charges at this current or more, or not at all (A); IEC 61851 says 6 A.
    public var minCurrentA: Double?
    /// Weight ε of the "soonest" term: energy in the first slot is worth 1 + ε of the last.
    public var earlinessWeight: Double?
    /// Weight λ of the fairness term (the lowest served fraction, times the energy asked).
    public var fairnessWeight: Double?
    /// Order of the inscribed polygon for slots after the executed one.
    public var polygonOrder: Int?
    /// Order of the inscribed polygon for the slot being executed.
    public var executedPolygonOrder: Int?
    /// What an idle EVSE may start with: "minimum" (the minimum current while headroom allows) or "zero".
    public var idleStart: String?
    /// Priorities: a weight on the energy of an EVSE or a group.
    public var priorities: [Priority]?

    /// Creates the default policy.
    public init() {}

    /// The minimum current (default 6 A).
    public var minimumCurrent: Double { minCurrentA ?? 6 }
    /// ε (default 0.001).
    public var earliness: Double { earlinessWeight ?? 0.001 }
    /// λ (default 0.02).
    public var fairness: Double { fairnessWeight ?? 0.02 }
    /// K after the executed slot (default 12).
    public var order: Int { polygonOrder ?? 12 }
    /// K of the executed slot (default 48).
    public var executedOrder: Int { executedPolygonOrder ?? 48 }

    /// The energy weight of an EVSE ("STATION/EVSE") in `group`.
    public func weight(evse: String, group: String?) -> Double {
        for priority in priorities ?? [] {
            if priority.evse == evse || (group != nil && priority.group == group) { return priority.weight }
        }
        return 1
    }
}

/// A weight on the energy delivered to one EVSE or to a group.
public struct Priority: Sendable, Hashable, Codable {
    /// "STATION/EVSE".
    public var evse: String?
    /// A group name.
    public var group: String?
    /// Weight (1 = normal).
    public var weight: Double
}
