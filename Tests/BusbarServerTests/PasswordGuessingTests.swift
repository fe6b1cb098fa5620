import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// Issue #10 defect 15: guessing a station's Basic-auth password (A00 profiles 1 and 2) gets
/// expensive — after a few wrong passwords the station id and the source address are held off
/// for a short, growing time (429, no PBKDF2 run), recorded as a security event, while the right
/// password is back in within seconds.
@Suite("Password guessing back-off, end to end")
struct PasswordGuessingTests {
    @Test("A00 — a burst of wrong Basic-auth passwords is held off with 429 and recorded; the right password gets in soon after")
    func burstOfWrongPasswordsIsHeldOff() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-GUESS")
            var statuses: [Int] = []
            let started = ContinuousClock.now
            for attempt in 0..<200 {
                statuses.append(try await upgrade(server, "CS-GUESS", password: "wrong-password-\(attempt)"))
            }
            let burst = ContinuousClock.now - started
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 }, "the first wrong passwords are simply wrong: \(statuses.prefix(8))")
            #expect(Set(statuses) == [401, 429], "\(Set(statuses))")
            #expect(
                statuses.filter { $0 == 401 }.count < 20, "most guesses are held off, not verified: \(statuses.filter { $0 == 401 }.count)")
            #expect(burst < .seconds(30), "held-off answers come at once (\(burst)), they do not tie up connections")

            let events = try await server.api.get("/api/v1/stations/CS-GUESS/security-events").body.arrayValue ?? []
            #expect(events.contains { $0["type"] == .string("FailedToAuthenticateAtCsms") }, "recorded: \(events)")
            #expect(events.count < 10, "a burst is recorded as a few escalations, not a row per guess: \(events.count)")
            let metrics = try await server.api.get("/metrics").text
            #expect(metrics.contains("busbar_ocpp_upgrades_refused_total{status=\"429\"}"), "metric")

            // The right password is refused while held off, and admitted once the hold (capped at a few seconds) ends.
            #expect(try await eventually(timeout: .seconds(12)) { try await upgrade(server, "CS-GUESS", password: password) == 101 })
            let station = server.simulator("CS-GUESS", password: password)
            try await station.connect()
            #expect(try await station.boot().status == .accepted)
            await station.disconnect()
        }
    }

    @Test("A00 — a station whose password was verified before still reconnects while its id is held off")
    func verifiedStationReconnectsDuringHold() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-GUESS-KNOWN")
            #expect(try await upgrade(server, "CS-GUESS-KNOWN", password: password) == 101)
            for attempt in 0..<20 {
                _ = try await upgrade(server, "CS-GUESS-KNOWN", password: "wrong-password-\(attempt)")
            }
            #expect(try await upgrade(server, "CS-GUESS-KNOWN", password: "wrong-password-again") == 429)
            #expect(try await upgrade(server, "CS-GUESS-KNOWN", password: password) == 101)
        }
    }

    /// The status of one hand-made upgrade request with Basic credentials.
    private func upgrade(_ server: RunningServer, _ stationId: String, password: String) async throws -> Int {
        let credentials = Data("\(stationId):\(password)".utf8).base64EncodedString()
        return try await RawTCP.upgrade(
            port: server.ocppPort, path: "/ocpp/\(stationId)",
            headers: [("Sec-WebSocket-Protocol", "ocpp2.0.1"), ("Authorization", "Basic \(credentials)")]
        ).status
    }
}
