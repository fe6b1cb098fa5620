import BusbarStorage
import Foundation
import Testing

@Suite struct StationEventStoreTests {
    @Test func securityEventsListNewestFirst() async throws {
        let store = try await makeStore()
        let first = try await store.appendSecurityEvent(
            stationId: "CS-001", type: "StartupOfTheDevice", timestamp: instant(1), techInfo: nil)
        let second = try await store.appendSecurityEvent(
            stationId: "CS-001", type: "FirmwareUpdated", timestamp: instant(2), techInfo: "1.2.3")
        #expect(first.id != nil)
        #expect(try await store.securityEvents(stationId: "CS-001", limit: 10) == [second, first])
        #expect(try await store.securityEvents(stationId: "CS-001", limit: 1) == [second])
    }

    @Test func notifyEventDataIsStoredPerEvent() async throws {
        let store = try await makeStore()
        func event(_ eventId: Int, at seconds: Double) -> EventRecord {
            EventRecord(
                stationId: "CS-001", generatedAt: instant(10), seqNo: 0, eventId: eventId, timestamp: instant(seconds),
                trigger: "Alerting", actualValue: "Faulted", eventNotificationType: "HardWiredNotification",
                componentName: "Connector", evseId: 1, connectorId: 1, variableName: "AvailabilityState",
                payload: #"{"eventId":\#(eventId)}"#)
        }
        try await store.appendEvents([event(1, at: 1), event(2, at: 3), event(3, at: 2)])
        let stored = try await store.events(stationId: "CS-001", limit: 10)
        #expect(stored.map(\.eventId) == [2, 3, 1])
        #expect(stored.allSatisfy { $0.id != nil })
        var first = try #require(stored.last)
        first.id = nil
        #expect(first == event(1, at: 1))
    }

    @Test func notificationsFilterByKind() async throws {
        let store = try await makeStore()
        _ = try await store.appendNotification(
            stationId: "CS-001", kind: "FirmwareStatusNotification", payload: #"{"status":"Downloading"}"#,
            at: instant(1))
        _ = try await store.appendNotification(
            stationId: "CS-001", kind: "LogStatusNotification", payload: #"{"status":"Uploaded"}"#, at: instant(2))
        let installed = try await store.appendNotification(
            stationId: "CS-001", kind: "FirmwareStatusNotification", payload: #"{"status":"Installed"}"#, at: instant(3)
        )
        #expect(try await store.notifications(stationId: "CS-001", kind: nil, limit: 10).count == 3)
        let firmware = try await store.notifications(stationId: "CS-001", kind: "FirmwareStatusNotification", limit: 10)
        #expect(firmware.map(\.payload) == [#"{"status":"Installed"}"#, #"{"status":"Downloading"}"#])
        #expect(firmware.first == installed)
    }

    @Test func eventsOfAnUnknownStationAreNotFound() async throws {
        let store = try await makeStore(station: nil)
        let error = await #expect(throws: StorageError.self) {
            try await store.appendSecurityEvent(stationId: "ghost", type: "X", timestamp: instant(), techInfo: nil)
        }
        #expect(error?.code == .notFound)
    }
}
