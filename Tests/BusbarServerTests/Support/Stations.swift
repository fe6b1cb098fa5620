import BusbarSimulator
import Foundation
import NIOSSL
import OCPP

extension RunningServer {
    /// A simulated station configured for this server (not yet connected).
    func simulator(
        _ stationId: String, password: String? = "correct-horse-battery", compression: Bool = false,
        subprotocols: [String] = ["ocpp2.0.1"], tls: TLSConfiguration? = nil, responseTimeout: Duration = .seconds(10),
        serializeCalls: Bool = true
    ) -> ChargingStationSimulator {
        ChargingStationSimulator(
            configuration: SimulatorConfiguration(
                serverURL: tls == nil ? ocppURL : (ocppsURL ?? ocppURL), stationId: stationId, password: password, tls: tls,
                compression: compression, subprotocols: subprotocols, responseTimeout: responseTimeout, serializeCalls: serializeCalls))
    }

    /// Registers a profile-1 station, connects a simulator for it and boots it.
    func bootedStation(_ stationId: String) async throws -> ChargingStationSimulator {
        let password = try await addStation(stationId)
        let station = simulator(stationId, password: password)
        try await station.connect()
        _ = try await station.boot()
        return station
    }

    /// The operator API client.
    var api: APIClient { APIClient(baseURL: apiURL) }
}

/// Polls until `condition` holds or `timeout` passes; for effects that arrive asynchronously
/// (a connection registered, an event published), never as a timing assertion.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

extension JSONValue {
    /// Parses a frame the server sent, for assertions on CALLERROR fields.
    static func frame(_ text: String) -> [JSONValue] {
        (try? JSONValue(parsing: text))?.arrayValue ?? []
    }
}

/// The CALLERROR code a station call ended with, or nil when it succeeded (or failed otherwise).
func callErrorCode(_ body: () async throws(SimulatorError) -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch {
        if case .callError(_, _, let code, _, _) = error { return code }
        return "not a CALLERROR: \(error)"
    }
}
