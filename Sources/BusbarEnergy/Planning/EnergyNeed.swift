import Foundation

/// What one plugged-in EV needs: filled from the transaction and meter values today, and from
/// ISO 15118 charging needs (maximum current, energy, departure) when those arrive.
public struct EnergyNeed: Sendable, Hashable {
    /// Transaction or session id.
    public var id: String
    /// The station.
    public var station: String
    /// The EVSE id on the station.
    public var evse: Int
    /// The most the EV takes per phase (A).
    public var maxCurrentA: Double
    /// Phases the EV draws on (1 or 3).
    public var phases: Int
    /// Energy still wanted (kWh); `nil` = as much as it can get.
    public var remainingKWh: Double?
    /// When it leaves; `nil` = unknown (planned to the horizon's end).
    public var departure: Date?
    /// Earliest moment it may draw (for offline plans of future arrivals).
    public var arrival: Date?
    /// Priority group (id-token group, fleet).
    public var group: String?

    /// Creates a need.
    public init(
        id: String, station: String, evse: Int, maxCurrentA: Double, phases: Int, remainingKWh: Double?,
        departure: Date?, arrival: Date? = nil, group: String? = nil
    ) {
        self.id = id
        self.station = station
        self.evse = evse
        self.maxCurrentA = maxCurrentA
        self.phases = phases
        self.remainingKWh = remainingKWh
        self.departure = departure
        self.arrival = arrival
        self.group = group
    }
}
