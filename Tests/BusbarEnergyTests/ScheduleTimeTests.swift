import BusbarEnergy
import Foundation
import Testing

@Suite("Time-varying limits in the site's time zone")
struct ScheduleTimeTests {
    private func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// Retail's 17:00–20:00 weekday window is 16:00Z before the spring change (CET) and 15:00Z after (CEST).
    @Test func eveningPeakFollowsDaylightSavingTime() throws {
        let topology = SiteTopology(site: try ExampleSites.site("retail"))
        let grid = topology.checkpoints.firstIndex { $0.name == "grid-connection" }!
        func limit(_ from: String) -> Double {
            let start = utc(from)
            return topology.limits(checkpoint: grid, from: start, to: start.addingTimeInterval(300)).limitA![0]
        }
        // Friday 27 March 2026, CET: 15:30Z is 16:30 local (no peak), 16:30Z is 17:30 local (peak).
        #expect(limit("2026-03-27T15:30:00Z") == 80)
        #expect(limit("2026-03-27T16:30:00Z") == 45)
        #expect(limit("2026-03-27T19:05:00Z") == 80)
        // Monday 30 March 2026, CEST: 15:30Z is 17:30 local (peak), 18:30Z is 20:30 local (no peak).
        #expect(limit("2026-03-30T15:30:00Z") == 45)
        #expect(limit("2026-03-30T18:30:00Z") == 80)
        // Saturday 28 March: the Saturday window, 10:00–16:00 local = 09:00Z–15:00Z.
        #expect(limit("2026-03-28T09:30:00Z") == 55)
        #expect(limit("2026-03-28T07:30:00Z") == 80)
    }

    @Test func slotThatTouchesAWindowGetsItsLimit() throws {
        let topology = SiteTopology(site: try ExampleSites.site("retail"))
        let start = utc("2026-03-27T15:55:00Z")  // 16:55–17:10 local meets the 17:00 window
        #expect(topology.limits(checkpoint: 0, from: start, to: start.addingTimeInterval(900)).limitA == [45, 45, 45])
    }

    @Test func utilityEnvelopeTightensTheLimitOnlyInsideItsWindow() throws {
        let topology = SiteTopology(site: try ExampleSites.site("office"))
        let start = utc("2026-03-03T10:00:00Z")
        let envelope = LimitEnvelope(
            id: "dr-1", node: "grid-connection", start: start, end: start.addingTimeInterval(3600),
            importKW: 40, importA: [60, 70, 200], source: "utility:test")
        let inside = topology.limits(checkpoint: 0, from: start, to: start.addingTimeInterval(900), envelopes: [envelope])
        #expect(inside.limitA == [60, 70, 125] && inside.limitKW == 40 && inside.source.contains("dr-1"))
        let after = topology.limits(
            checkpoint: 0, from: start.addingTimeInterval(3600), to: start.addingTimeInterval(4500), envelopes: [envelope])
        #expect(after.limitA == [125, 125, 125] && after.limitKW == 80)
    }

    @Test func baseLoadProfileIsReadInLocalTime() throws {
        let topology = SiteTopology(site: try ExampleSites.site("office"))
        let steps = topology.baseLoads[0].steps
        // 07:30 local on a CET day is 06:30Z.
        #expect(topology.baseLoad(steps, from: utc("2026-03-03T06:30:00Z"), to: utc("2026-03-03T06:45:00Z")) == 22)
        #expect(topology.baseLoad(steps, from: utc("2026-03-03T02:00:00Z"), to: utc("2026-03-03T02:15:00Z")) == 6)
        // A slot across 12:00 local takes the higher step.
        #expect(topology.baseLoad(steps, from: utc("2026-03-03T10:55:00Z"), to: utc("2026-03-03T11:10:00Z")) == 28)
    }
}
