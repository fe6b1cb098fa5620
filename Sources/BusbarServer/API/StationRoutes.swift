import BusbarCSMS
import BusbarStorage
import Hummingbird
import NIOWebSocket
import OCPP

/// `/api/v1/stations`: register, list, inspect, change and decommission charging stations, and
/// purge a decommissioned one's data.
struct StationRoutes {
    let administration: StationAdministration
    let store: any CSMSStore
    let connections: StationConnections

    func register(on router: Router<BasicRequestContext>) {
        let stations = router.group("/api/v1/stations")
        stations.post { request, context in
            let body = try await JSONRequestBody.read(request, context: context)
            try body.allowOnly(["id", "password", "securityProfile", "bootStatus"])
            let new = StationAdministration.NewStation(
                id: try body.string("id", required: true) ?? "",
                password: try body.string("password"),
                securityProfile: try body.int("securityProfile") ?? 1,
                bootPolicy: try bootPolicy(body))
            let station = try await run { try await administration.addStation(new) }
            return JSONResponse.make(Representations.station(station, connected: false, connectors: []), status: .created)
        }
        stations.get { request, _ in
            let state = try StationListState(request.uri.queryParameters["state"].map(String.init))
            let all = try await store.stations().filter(state.includes)
            let connected = Set(connections.connectedStationIds)
            return JSONResponse.make(.array(all.map { Representations.station($0, connected: connected.contains($0.id)) }))
        }
        stations.get("{id}") { _, context in
            let id = try context.parameters.identifier("id")
            guard let station = try await store.station(id: id) else { throw APIError.notFound("station '\(id)' is not registered") }
            let connectors = try await store.connectorStatuses(stationId: id)
            return JSONResponse.make(
                Representations.station(station, connected: connections.session(for: id) != nil, connectors: connectors))
        }
        stations.patch("{id}") { request, context in
            let id = try context.parameters.identifier("id")
            let body = try await JSONRequestBody.read(request, context: context)
            try body.allowOnly(["password", "securityProfile", "bootStatus"])
            let changes = StationAdministration.StationChanges(
                password: try body.string("password"),
                securityProfile: try body.int("securityProfile"),
                bootPolicy: body.fields["bootStatus"] == nil ? nil : try bootPolicy(body))
            let before = try await store.station(id: id)
            let station = try await run { try await administration.updateStation(id: id, changes) }
            if changes.password != nil || (changes.securityProfile != nil && changes.securityProfile != before?.securityProfile) {
                await connections.closeForSecurityChange(of: id, reason: "its security settings changed; reconnect under the new ones")
            }
            let connectors = try await store.connectorStatuses(stationId: id)
            return JSONResponse.make(
                Representations.station(station, connected: connections.session(for: id) != nil, connectors: connectors))
        }
        // Decommissions; the history stays (see `StationAdministration.decommissionStation`).
        stations.delete("{id}") { _, context in
            let id = try context.parameters.identifier("id")
            _ = try await run { try await administration.decommissionStation(id: id) }
            await connections.closeForSecurityChange(of: id, reason: "station was removed from the CSMS")
            return Response(status: .noContent)
        }
        // The purge: separate from DELETE and confirmed by repeating the id, so no slip of one
        // call loses billing records.
        stations.delete("{id}/data") { request, context in
            let id = try context.parameters.identifier("id")
            guard let confirm = request.uri.queryParameters["confirm"].map(String.init), confirm == id else {
                throw APIError.badRequest(
                    "purging deletes every transaction, meter value and event of '\(id)'; confirm with ?confirm=\(id)",
                    field: "confirm")
            }
            try await run { try await administration.purgeStation(id: id) }
            return Response(status: .noContent)
        }
    }

    private func bootPolicy(_ body: JSONRequestBody) throws -> BootPolicy {
        guard let text = try body.string("bootStatus") else { return .accepted }
        guard let policy = BootPolicy(rawValue: text) else {
            throw APIError.invalid("must be one of \(BootPolicy.allCases.map(\.rawValue).joined(separator: ", "))", field: "bootStatus")
        }
        return policy
    }
}

/// Runs an operator command, turning its refusal into the matching API error.
func run<T>(_ command: () async throws -> T) async throws -> T {
    do {
        return try await command()
    } catch let error as OperatorError {
        throw APIError(error)
    }
}
