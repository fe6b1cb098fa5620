/// A draw the planner cannot change: an EVSE of a station that is offline or refused its last
/// profile keeps drawing up to what it holds. The plan counts it like base load, so the others
/// get only what is left (issue #11 §3: what an unreachable station holds stays counted).
public struct HeldDraw: Sendable, Hashable {
    /// The station.
    public var station: String
    /// The EVSE id on the station.
    public var evse: Int
    /// Phases the EV draws on (1 or 3).
    public var phases: Int
    /// The most it may draw per phase (A) while the plan runs.
    public var currentA: Double

    /// Creates a held draw.
    public init(station: String, evse: Int, phases: Int, currentA: Double) {
        self.station = station
        self.evse = evse
        self.phases = phases
        self.currentA = currentA
    }
}
