import Foundation

/// One recorded (or synthetic) charging session of a sessions CSV file.
public struct ChargingSession: Sendable, Hashable {
    /// Session id.
    public var id: String
    /// Station id.
    public var station: String
    /// EVSE id (default 1).
    public var evse: Int
    /// Plug-in time.
    public var arrival: Date
    /// Plug-out time.
    public var departure: Date
    /// Energy asked (kWh).
    public var energyKWh: Double
    /// The EV's maximum power (kW).
    public var maxKW: Double
    /// Phases the EV draws on (1 or 3).
    public var phases: Int

    /// Creates a session.
    public init(id: String, station: String, evse: Int, arrival: Date, departure: Date, energyKWh: Double, maxKW: Double, phases: Int) {
        self.id = id
        self.station = station
        self.evse = evse
        self.arrival = arrival
        self.departure = departure
        self.energyKWh = energyKWh
        self.maxKW = maxKW
        self.phases = phases
    }
}

/// Reads `session_id,station_id,arrival,departure,energy_kwh,max_kw,phases[,evse_id]` (ISO 8601).
public enum SessionsCSV {
    /// Parses the file's text; errors name the line and the column.
    public static func parse(_ text: String, file: String) throws(SiteFileError) -> [ChargingSession] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw SiteFileError(file: file, path: "", reason: "the file is empty")
        }
        let required = ["session_id", "station_id", "arrival", "departure", "energy_kwh", "max_kw", "phases"]
        for name in required where !header.contains(name) {
            throw SiteFileError(
                file: file, path: "header", reason: "column \(name) is missing (header: \(required.joined(separator: ","))[,evse_id])")
        }
        let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        let formatter = ISO8601DateFormatter()
        var sessions: [ChargingSession] = []
        for (lineIndex, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func field(_ name: String) throws(SiteFileError) -> String {
                guard let index = column[name], index < fields.count else {
                    throw SiteFileError(file: file, path: "line \(lineIndex + 1).\(name)", reason: "missing")
                }
                return fields[index]
            }
            func date(_ name: String) throws(SiteFileError) -> Date {
                let text = try field(name)
                guard let value = formatter.date(from: text) else {
                    throw SiteFileError(file: file, path: "line \(lineIndex + 1).\(name)", reason: "\"\(text)\" is not an ISO 8601 time")
                }
                return value
            }
            func number(_ name: String) throws(SiteFileError) -> Double {
                let text = try field(name)
                guard let value = Double(text), value.isFinite, value >= 0 else {
                    throw SiteFileError(
                        file: file, path: "line \(lineIndex + 1).\(name)", reason: "\"\(text)\" is not a non-negative number")
                }
                return value
            }
            let evse = column["evse_id"].flatMap { $0 < fields.count ? Int(fields[$0]) : nil } ?? 1
            let session = ChargingSession(
                id: try field("session_id"), station: try field("station_id"), evse: evse,
                arrival: try date("arrival"), departure: try date("departure"),
                energyKWh: try number("energy_kwh"), maxKW: try number("max_kw"), phases: Int(try number("phases")))
            guard session.departure > session.arrival else {
                throw SiteFileError(file: file, path: "line \(lineIndex + 1).departure", reason: "departure must come after arrival")
            }
            guard session.phases == 1 || session.phases == 3 else {
                throw SiteFileError(file: file, path: "line \(lineIndex + 1).phases", reason: "phases must be 1 or 3")
            }
            sessions.append(session)
        }
        return sessions
    }
}
