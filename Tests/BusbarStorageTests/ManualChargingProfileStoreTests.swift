import BusbarStorage
import Foundation
import Testing

/// `ManualChargingProfileStore` on SQLite (migration v9): operators' charging profiles survive a
/// reopen, one per station and profile id, text kept exactly, and a delete says whether it found one.
@Suite("Manual charging profile store")
struct ManualChargingProfileStoreTests {
    @Test("a profile survives a reopen, the same station and id replaces, a delete reports what it found, and U+0000 is refused")
    func durableAndReplaced() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path, station: nil)
        let first = ManualChargingProfileRecord(
            stationId: "OFF-04", profileId: 42, evseId: 1, profile: #"{"id":42,"stackLevel":1}"#, createdAt: instant())
        try await store.putManualChargingProfile(first)
        try await store.putManualChargingProfile(
            ManualChargingProfileRecord(stationId: "OFF-01", profileId: 42, evseId: 0, profile: "{}", createdAt: instant(1)))
        var replaced = first
        replaced.profile = #"{"id":42,"stackLevel":2,"note":"é"}"#
        try await store.putManualChargingProfile(replaced)
        try await store.close()

        let reopened = try SQLiteStore(path: path)
        let all = try await reopened.manualChargingProfiles()
        #expect(all.map(\.stationId) == ["OFF-01", "OFF-04"])
        #expect(all.last == replaced)
        #expect(try await reopened.deleteManualChargingProfile(stationId: "OFF-04", profileId: 42))
        #expect(try await !reopened.deleteManualChargingProfile(stationId: "OFF-04", profileId: 42))
        #expect(try await reopened.manualChargingProfiles().map(\.stationId) == ["OFF-01"])
        await #expect(throws: StorageError.self) {
            try await reopened.putManualChargingProfile(
                ManualChargingProfileRecord(stationId: "OFF\u{0}X", profileId: 1, evseId: 0, profile: "{}", createdAt: instant()))
        }
    }
}

/// `HeldChargingProfileStore` on SQLite (migration v10): what stations accepted survives a reopen,
/// and a replace for some stations leaves the others' alone.
@Suite("Held charging profile store")
struct HeldChargingProfileStoreTests {
    @Test("a replace clears the named stations and stores the new set in one write; other stations keep theirs; it survives a reopen")
    func replaceByStation() async throws {
        let path = temporaryDatabasePath()
        let store = try await makeStore(path: path, station: nil)
        func record(_ station: String, _ evse: Int, _ id: Int) -> HeldChargingProfileRecord {
            HeldChargingProfileRecord(stationId: station, evseId: evse, profileId: id, profile: #"{"id":\#(id)}"#, acceptedAt: instant())
        }
        try await store.replaceHeldChargingProfiles(stationIds: ["A", "B"], with: [record("A", 0, 1), record("A", 1, 2), record("B", 0, 1)])
        try await store.replaceHeldChargingProfiles(stationIds: ["A"], with: [record("A", 2, 3)])
        try await store.close()
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.heldChargingProfiles().map { "\($0.stationId)/\($0.evseId)/\($0.profileId)" } == ["A/2/3", "B/0/1"])
        try await reopened.replaceHeldChargingProfiles(stationIds: ["B"], with: [])
        #expect(try await reopened.heldChargingProfiles().map(\.stationId) == ["A"])
    }
}
