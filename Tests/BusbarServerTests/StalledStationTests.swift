import AsyncHTTPClient
import BusbarSimulator
import Foundation
import NIOCore
import OCPP
import Testing

@testable import BusbarServer

/// CSMS→station requests to a station that never answers or stops reading (issue #10, defects 2,
/// 3 and 4): every API caller gets its answer by its own deadline, the per-station queue is
/// bounded and says so at once, and a socket that stays unwritable or a station that never
/// answers a ping is disconnected with its state and metrics updated.
@Suite("Stalled and silent stations")
struct StalledStationTests {
    static let getVariables: JSONValue = [
        "getVariableData": [["component": ["name": "ChargingStation"], "variable": ["name": "Model"]]]
    ]

    /// Upgrades a raw station that answers nothing but its own BootNotification's reply.
    static func silentStation(_ server: RunningServer, _ id: String, receiveBuffer: Int? = nil) async throws -> RawStation {
        let password = try await server.addStation(id)
        let station = try await RawStation.upgraded(port: server.ocppPort, stationId: id, password: password, receiveBuffer: receiveBuffer)
        try await station.sendText(
            #"[2,"boot-1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}}]"#)
        _ = await station.wait(for: .seconds(10)) { bytes, _ in
            RawStation.serverFrames(in: bytes).contains { String(decoding: $0.payload, as: UTF8.self).contains("boot-1") }
        }
        return station
    }

    /// An API answer and how long it took.
    struct Timed: Sendable {
        let status: Int
        let seconds: Double
        let body: JSONValue
    }

    /// Sends a GetVariables (or, for another payload, a DataTransfer) through the API.
    static func timedRequest(
        _ server: RunningServer, _ id: String, timeout: Double, payload: JSONValue = getVariables, http: HTTPClient = .shared
    ) async -> Timed {
        let started = ContinuousClock.now
        let action = payload == getVariables ? "GetVariables" : "DataTransfer"
        var api = server.api
        api.http = http
        let reply = try? await api.post("/api/v1/stations/\(id)/requests/\(action)?timeout=\(timeout)", payload)
        let elapsed = ContinuousClock.now - started
        return Timed(
            status: reply?.status ?? -1, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            body: reply?.body ?? .null)
    }

    @Test("Issue #10 defect 3 — 20 concurrent ?timeout=1 requests to a silent station each end by their own deadline (504)")
    func queuedRequestsEndByTheirOwnDeadline() async throws {
        try await withRunningServer { server in
            let station = try await Self.silentStation(server, "CS-STALL-20")
            // 20 connections, so the requests reach the server together rather than 8 at a time.
            let http = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)))
            let results = await withTaskGroup(of: Timed.self) { group in
                for _ in 0..<20 { group.addTask { await Self.timedRequest(server, "CS-STALL-20", timeout: 1, http: http) } }
                var all: [Timed] = []
                for await result in group { all.append(result) }
                return all
            }
            #expect(results.allSatisfy { $0.status == 504 }, "\(results.map(\.status))")
            let slowest = results.map(\.seconds).max() ?? 0
            // The timeout is the whole wait from acceptance: queued time counts (before: 1, 2, … 20 s;
            // the bound leaves room for a loaded machine).
            #expect(slowest < 10, "slowest answer after \(slowest) s")
            try await http.shutdown()
            await station.close()
        }
    }

    @Test("Issue #10 defect 2 — a full per-station queue answers 503 at once with a JSON reason, documented in the OpenAPI document")
    func fullQueueAnswers503AtOnce() async throws {
        try await withRunningServer(configure: { $0.limits.maxQueuedCalls = 4 }) { server in
            let station = try await Self.silentStation(server, "CS-STALL-Q")
            let waiting = Task {
                await withTaskGroup(of: Int.self) { group in
                    for _ in 0..<5 { group.addTask { await Self.timedRequest(server, "CS-STALL-Q", timeout: 3).status } }
                    var all: [Int] = []
                    for await status in group { all.append(status) }
                    return all
                }
            }
            // One in flight and four queued; the station received the first.
            _ = await station.wait(for: .seconds(5)) { bytes, _ in
                RawStation.serverFrames(in: bytes).contains { String(decoding: $0.payload, as: UTF8.self).contains("GetVariables") }
            }
            try await Task.sleep(for: .milliseconds(300))
            // Its own timeout is 10 s: an answer well before it was not queued.
            let refused = await Self.timedRequest(server, "CS-STALL-Q", timeout: 10)
            #expect(refused.status == 503, "\(refused)")
            #expect(refused.seconds < 5, "answered at once, after \(refused.seconds) s")
            #expect(refused.body["error"] == "station_busy", "\(refused.body)")
            #expect(refused.body["message"]?.stringValue?.contains("queue") == true, "says why: \(refused.body)")
            let statuses = await waiting.value
            #expect(statuses.allSatisfy { $0 == 504 }, "the admitted ones still time out normally: \(statuses)")
            let documented = OpenAPIDocument.document["paths"]?["/api/v1/stations/{id}/requests/{action}"]?["post"]?["responses"]?["503"]
            #expect(documented != nil, "503 is in the OpenAPI document")
            await station.close()
        }
    }

    @Test("Issue #10 defect 2 — queued bytes are bounded too: a large request behind one in flight answers 503")
    func queuedBytesAreBounded() async throws {
        try await withRunningServer(configure: { $0.limits.maxQueuedBytes = 64 * 1024 }) { server in
            let station = try await Self.silentStation(server, "CS-STALL-B")
            let first = Task { await Self.timedRequest(server, "CS-STALL-B", timeout: 3) }
            _ = await station.wait(for: .seconds(5)) { bytes, _ in
                RawStation.serverFrames(in: bytes).contains { String(decoding: $0.payload, as: UTF8.self).contains("GetVariables") }
            }
            let big: JSONValue = ["vendorId": "com.example", "data": .string(String(repeating: "x", count: 100_000))]
            let refused = await Self.timedRequest(server, "CS-STALL-B", timeout: 10, payload: big)
            #expect(refused.status == 503, "\(refused.status) \(refused.body)")
            #expect(refused.seconds < 5, "answered at once, after \(refused.seconds) s")
            #expect(await first.value.status == 504)
            await station.close()
        }
    }

    /// Sends 900 kB DataTransfers one after another, each with a short timeout, so each is written
    /// at once: past the kernel's buffers (a few MB on loopback) the socket stays unwritable.
    static func flood(_ server: RunningServer, _ id: String, requests: Int) -> Task<[Int], Never> {
        let big: JSONValue = ["vendorId": "com.example", "data": .string(String(repeating: "y", count: 900_000))]
        return Task {
            var statuses: [Int] = []
            for _ in 0..<requests where !Task.isCancelled {
                let status = await timedRequest(server, id, timeout: 0.25, payload: big).status
                statuses.append(status)
                if status == 404 { break }
            }
            return statuses
        }
    }

    @Test("Issue #10 defect 2 — a station whose socket stays unwritable past the limit is disconnected and its requests end")
    func unwritableSocketIsDisconnected() async throws {
        try await withRunningServer(configure: {
            $0.pingInterval = nil
            $0.limits.writeStallTimeout = .seconds(1)
        }) { server in
            let station = try await Self.silentStation(server, "CS-STALL-W", receiveBuffer: 2048)
            try await station.stopReading()
            let flood = Self.flood(server, "CS-STALL-W", requests: 30)
            #expect(
                try await eventually(timeout: .seconds(15)) {
                    try await server.api.get("/api/v1/stations/CS-STALL-W").body["connected"] == .bool(false)
                }, "disconnected after the socket stayed unwritable")
            #expect(try await metric(server, "busbar_ocpp_write_stalls_total") >= 1)
            // Not cancelled: it stops at its first 404, so every request it sent has an answer.
            let statuses = await flood.value
            #expect(statuses.allSatisfy { [504, 503, 404].contains($0) }, "every request ended: \(statuses)")
            await station.close()
        }
    }

    @Test("Issue #10 defect 4 / Part 4 §5.2 — a station that stops reading (writes blocked) is closed at the pong deadline")
    func stationThatStopsReadingIsClosedAtThePongDeadline() async throws {
        try await withRunningServer(configure: {
            $0.pingInterval = .seconds(3)
            $0.limits.pongTimeout = .seconds(1)
            $0.limits.writeStallTimeout = .seconds(120)
        }) { server in
            let station = try await Self.silentStation(server, "CS-STALL-P", receiveBuffer: 2048)
            try await station.stopReading()
            // By the first ping the socket is long unwritable: WSCore's own ping would wait behind it forever.
            let flood = Self.flood(server, "CS-STALL-P", requests: 16)
            #expect(
                try await eventually(timeout: .seconds(15)) {
                    try await server.api.get("/api/v1/stations/CS-STALL-P").body["connected"] == .bool(false)
                }, "closed once no pong came by the deadline")
            #expect(try await metric(server, "busbar_ocpp_pong_timeouts_total") >= 1)
            #expect(try await metric(server, "busbar_ocpp_write_stalls_total") == 0, "closed by the pong deadline, not the write stall")
            #expect(try await metric(server, "busbar_ocpp_connections") == 0, "the connection gauge is back to 0")
            flood.cancel()
            _ = await flood.value
            await station.close()
        }
    }
}

/// The value of an unlabelled Prometheus metric in `/metrics` (-1 when absent).
func metric(_ server: RunningServer, _ name: String, labels: String = "") async throws -> Double {
    let text = try await server.api.get("/metrics").text
    for line in text.split(separator: "\n") where line.hasPrefix(name + labels + " ") {
        return Double(line.split(separator: " ").last ?? "") ?? -1
    }
    return -1
}
