import BusbarEnergy
import Foundation

/// Paths of the repository's example sites, found from this file's location.
enum ExampleSites {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let names = ["demo-site", "office", "depot", "garage", "retail", "campus"]

    static func site(_ name: String) throws -> Site {
        try SiteLoader.load(path: root.appendingPathComponent("Sites/\(name).yaml").path)
    }

    static func sessions(_ name: String) throws -> [ChargingSession] {
        let path = root.appendingPathComponent("Sites/\(name).sessions.csv").path
        return try SessionsCSV.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    }

    /// The sessions of the first `days` days (the month site replays a slice in tests).
    static func sessions(_ name: String, days: Double) throws -> [ChargingSession] {
        let all = try sessions(name)
        guard let first = all.map(\.arrival).min() else { return all }
        return all.filter { $0.arrival < first.addingTimeInterval(days * 86400) }
    }

    static var modelPath: String { root.appendingPathComponent("Models/allocation.mod").path }
}
