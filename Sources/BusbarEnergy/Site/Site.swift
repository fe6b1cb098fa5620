/// A site capacity file: the grid connection, the tree of electrical nodes below it, the stations
/// on those nodes and the policies the planner follows (format: Sites/README.md).
public struct Site: Sendable, Hashable, Codable {
    /// The site's id (what the API and sessions refer to).
    public var id: String
    /// A readable name.
    public var name: String?
    /// IANA time zone in which schedules and base-load profiles are written (DST-correct).
    public var timezone: String
    /// Nominal line-to-neutral voltage at the grid connection (V); transformers set it below them.
    public var voltageLN: Double
    /// Planning policies; every field has a default.
    public var policy: SitePolicy?
    /// The grid connection, root of the node tree.
    public var grid: SiteNode

    /// The policies in force (defaults where the file says nothing).
    public var effectivePolicy: SitePolicy { policy ?? SitePolicy() }
}

/// An electrical node: grid connection, transformer, feeder, breaker or board.
public struct SiteNode: Sendable, Hashable, Codable {
    /// Unique name within the site.
    public var name: String
    /// What the node is; informative except `transformer`, which needs `transformer` data.
    public var kind: String?
    /// Per-phase limit on the node's line currents (A), L1, L2, L3.
    public var limitA: [Double]?
    /// Limit on the node's active power (kW).
    public var limitKW: Double?
    /// For a transformer: its data and primary-side limits; `limitA`/`limitKW` bound its secondary.
    public var transformer: Transformer?
    /// Daily or weekly changes of this node's limits, in the site's time zone.
    public var schedules: [LimitSchedule]?
    /// The non-EV load of this node as a daily profile (balanced, unity power factor).
    public var baseLoad: [BaseLoadStep]?
    /// Nodes fed from this one.
    public var children: [SiteNode]?
    /// Stations connected directly to this node.
    public var stations: [Station]?
}

/// A transformer between a node and its children.
public struct Transformer: Sendable, Hashable, Codable {
    /// Dyn11, Dyn1 or Yyn0.
    public var vectorGroup: String
    /// Primary line-to-line voltage (V).
    public var primaryVoltageLL: Double
    /// Secondary line-to-line voltage (V).
    public var secondaryVoltageLL: Double
    /// Per-phase limit on the primary line currents (A).
    public var primaryLimitA: [Double]?
}

/// A time window in which a node's limits are lower (or higher) than its base limits.
public struct LimitSchedule: Sendable, Hashable, Codable {
    /// Weekdays it applies on ("mon"…"sun"); every day when absent.
    public var days: [String]?
    /// Local start time "HH:MM".
    public var from: String
    /// Local end time "HH:MM" (before `from`: runs over midnight; "24:00" allowed).
    public var to: String
    /// Per-phase limit (A) in force in the window.
    public var limitA: [Double]?
    /// Power limit (kW) in force in the window.
    public var limitKW: Double?
    /// Why (shown in plans).
    public var reason: String?
}

/// One step of a daily base-load profile: from this local time on, the node draws `kW`.
public struct BaseLoadStep: Sendable, Hashable, Codable {
    /// Local time "HH:MM".
    public var from: String
    /// Load in kW.
    public var kW: Double
}

/// A charging station and its EVSEs.
public struct Station: Sendable, Hashable, Codable {
    /// The station's OCPP identity.
    public var id: String
    /// Its EVSEs.
    public var evses: [EVSE]
}

/// One EVSE's wiring and rating.
public struct EVSE: Sendable, Hashable, Codable {
    /// EVSE id (≥ 1).
    public var id: Int
    /// "3P", "L1-N"…, "L1-L2"… in the EVSE's terminal names.
    public var wiring: String
    /// OCPP PhaseRotation ("RST" default).
    public var rotation: String?
    /// Rated current per phase (A).
    public var maxA: Double
    /// Priority group (id-token group or fleet).
    public var group: String?
    /// Whether the EVSE may switch a three-phase EV to one phase (recorded for profiles).
    public var phaseSwitching: Bool?
}
