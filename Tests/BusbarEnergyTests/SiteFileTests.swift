import BusbarEnergy
import Foundation
import Testing

@Suite("Site capacity files")
struct SiteFileTests {
    @Test(arguments: ExampleSites.names)
    func exampleSiteLoadsAndItsSessionsParse(name: String) throws {
        let site = try ExampleSites.site(name)
        let topology = SiteTopology(site: site)
        #expect(!topology.evses.isEmpty)
        let sessions = try ExampleSites.sessions(name)
        #expect(!sessions.isEmpty)
        #expect(sessions.allSatisfy { topology.evseIndex(station: $0.station, evse: $0.evse) != nil })
    }

    @Test func schemaFileIsTheOneTheLoaderApplies() throws {
        let file = try String(contentsOf: ExampleSites.root.appendingPathComponent("Sites/site.schema.json"), encoding: .utf8)
        #expect(file.trimmingCharacters(in: .whitespacesAndNewlines) == SiteSchema.json.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private let valid = """
        id: s
        timezone: Europe/Amsterdam
        voltageLN: 230
        grid:
          name: grid
          limitA: [63, 63, 63]
          children:
            - name: feeder
              limitA: [32, 32, 32]
              stations: [{ id: CS, evses: [{ id: 1, wiring: 3P, maxA: 32 }] }]
        """

    private func error(_ text: String) -> SiteFileError? {
        do {
            _ = try SiteLoader.parse(text, file: "broken.yaml")
            return nil
        } catch { return error }
    }

    @Test func validSiteParses() throws {
        #expect(error(valid) == nil)
    }

    @Test func wrongPhaseCountNamesFileAndField() throws {
        let failure = try #require(error(valid.replacingOccurrences(of: "limitA: [32, 32, 32]", with: "limitA: [32, 32]")))
        #expect(failure.file == "broken.yaml")
        #expect(failure.path == "grid.children[0].limitA")
        #expect(failure.reason.contains("at least 3"))
        #expect(failure.description.hasPrefix("broken.yaml: grid.children[0].limitA: "))
    }

    @Test func unknownWiringNamesTheEVSEField() throws {
        let failure = try #require(error(valid.replacingOccurrences(of: "wiring: 3P", with: "wiring: L1-L1")))
        #expect(failure.path == "grid.children[0].stations[0].evses[0].wiring")
        #expect(failure.reason.contains("one of"))
    }

    @Test func misspelledFieldIsRefused() throws {
        let failure = try #require(error(valid.replacingOccurrences(of: "limitA: [63, 63, 63]", with: "limitAmps: [63, 63, 63]")))
        #expect(failure.path == "grid.limitAmps")
        #expect(failure.reason.contains("not a known field"))
    }

    @Test func missingTimezoneAndBadTimezoneAreNamed() throws {
        let missing = try #require(error(valid.replacingOccurrences(of: "timezone: Europe/Amsterdam\n", with: "")))
        #expect(missing.path == "timezone" && missing.reason == "is required")
        let bad = try #require(error(valid.replacingOccurrences(of: "Europe/Amsterdam", with: "Mars/Olympus")))
        #expect(bad.path == "timezone" && bad.reason.contains("IANA"))
    }

    @Test func duplicateNodeAndUnquotedTimeAreNamed() throws {
        let duplicate = try #require(error(valid.replacingOccurrences(of: "name: feeder", with: "name: grid")))
        #expect(duplicate.path == "grid.children[0].name")
        let schedule = valid.replacingOccurrences(
            of: "  limitA: [63, 63, 63]\n",
            with: "  limitA: [63, 63, 63]\n  schedules: [{ from: 17:00, to: 25:00, limitA: [40, 40, 40] }]\n")
        let time = try #require(error(schedule))
        #expect(time.path == "grid.schedules[0].to")
    }

    @Test func negativeLimitIsRefusedWithItsIndex() throws {
        let failure = try #require(error(valid.replacingOccurrences(of: "[63, 63, 63]", with: "[63, -1, 63]")))
        #expect(failure.path == "grid.limitA[1]")
    }
}
