import BusbarEnergy
import Foundation
import Testing

@Suite("busbar simulate's replay")
struct ReplayTests {
    @Test(arguments: ExampleSites.names)
    func onlineStaysWithinHalfAPointOfOfflineWithNoViolation(site name: String) throws {
        let sessions = name == "campus" ? try ExampleSites.sessions(name, days: 1.5) : try ExampleSites.sessions(name)
        let report = try Replay(site: try ExampleSites.site(name), sessions: sessions, slotMinutes: 15).run()
        #expect(report.violations == 0)
        let offline = try #require(report.offlinePercent)
        #expect(report.deliveredPercent >= offline - 0.5, "\(name): online \(report.deliveredPercent) % vs offline \(offline) %")
        #expect(report.deliveredKWh <= report.requestedKWh + 1e-6)
        #expect(report.nodes.allSatisfy { $0.peakA <= $0.limitA * (1 + 1e-9) + 1e-9 })
    }

    @Test func retailIsTightEnoughThatTheOptimumMissesTenPercent() throws {
        var replay = Replay(site: try ExampleSites.site("retail"), sessions: try ExampleSites.sessions("retail"), slotMinutes: 15)
        replay.offline = true
        let report = try replay.run()
        #expect(try #require(report.offlinePercent) < 90)
    }

    /// The executed slot never holds a current between 0 and the site's minimum (6 A).
    @Test func executedCurrentsRespectTheMinimum() throws {
        let report = try Replay(
            site: try ExampleSites.site("garage"), sessions: try ExampleSites.sessions("garage", days: 1), slotMinutes: 15
        ).run()
        // A draw may fall under 6 A only because the EV's remaining energy ends mid-slot.
        let site = try ExampleSites.site("garage")
        _ = site
        let allowedBelowMinimum = report.schedule.filter { $0.currentA > 1e-6 && $0.currentA < 6 - 1e-6 }
        let sessions = Dictionary(uniqueKeysWithValues: try ExampleSites.sessions("garage", days: 1).map { ($0.id, $0) })
        for row in allowedBelowMinimum {
            let delivered = report.schedule.filter { $0.session == row.session && $0.start <= row.start }.reduce(0.0) {
                $0 + $1.currentA * 0.208 * 0.25
            }
            #expect(abs(delivered - sessions[row.session]!.energyKWh) < 1e-6, "\(row.session) drew \(row.currentA) A at \(row.start)")
        }
    }

    @Test func scheduleCSVHasTheDocumentedHeader() throws {
        let report = try Replay(site: try ExampleSites.site("demo-site"), sessions: try ExampleSites.sessions("demo-site"), slotMinutes: 15)
            .run()
        #expect(report.scheduleCSV.hasPrefix("session_id,start,end,current_a\n"))
        #expect(report.json.contains("\"replan_ms\":{\"p50\":"))
        for key in [
            "requested_kwh", "delivered_kwh", "delivered_pct", "offline_pct", "violations", "nodes", "peak_a", "limit_a", "profile_changes",
            "per_plan_mean", "total", "executed_fairness", "jain", "min_max",
        ] {
            #expect(report.json.contains("\"\(key)\":"))
        }
        #expect((try? JSONSerialization.jsonObject(with: Data(report.json.utf8))) != nil)
    }
}
