import BusbarStorage
import Hummingbird
import OCPP

/// What a station reported besides transactions, for the operator: its device model (NotifyReport,
/// B07/B08), monitoring events (NotifyEvent, N07), security events (A04), other notifications
/// (firmware and log status, charging limits, …) and the raw OCPP-J frame log.
struct StationHistoryRoutes {
    let store: any CSMSStore

    /// Default and maximum page sizes for the history lists.
    static let defaultLimit = 100
    static let maximumLimit = 1_000

    func register(on router: Router<BasicRequestContext>) {
        let station = router.group("/api/v1/stations/{id}")
        history(station, "device-model") { id, _ in
            try await store.deviceModel(stationId: id).map(Self.variable)
        }
        history(station, "events") { id, request in
            try await store.events(stationId: id, limit: try Self.limit(request)).map(Self.event)
        }
        history(station, "security-events") { id, request in
            try await store.securityEvents(stationId: id, limit: try Self.limit(request)).map(Self.securityEvent)
        }
        history(station, "notifications") { id, request in
            let kind = request.uri.queryParameters["kind"].map(String.init)
            return try await store.notifications(stationId: id, kind: kind, limit: try Self.limit(request)).map(Self.notification)
        }
        history(station, "frames") { id, request in
            try? await store.flushFrameLog()
            return try await store.recentFrames(stationId: id, limit: try Self.limit(request)).map(Self.frame)
        }
    }

    /// One history list: the station must exist, then its records are listed as a JSON array.
    private func history(
        _ station: RouterGroup<BasicRequestContext>, _ path: String,
        _ list: @escaping @Sendable (String, Request) async throws -> [JSONValue]
    ) {
        station.get(RouterPath(path)) { request, context in
            let id = try await existingStation(context)
            // Secrets a station reported (or frames logged before redaction existed) are not served.
            return JSONResponse.make(.array(try await list(id, request).map(SecretRedaction.redact)))
        }
    }

    private func existingStation(_ context: BasicRequestContext) async throws -> String {
        let id = try context.parameters.identifier("id")
        guard try await store.station(id: id) != nil else { throw APIError.notFound("station '\(id)' is not registered") }
        return id
    }

    private static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return defaultLimit }
        guard let limit = Int(String(text)), (1...maximumLimit).contains(limit) else {
            throw APIError.invalid("must be an integer from 1 to \(maximumLimit)", field: "limit")
        }
        return limit
    }

    private static func variable(_ variable: DeviceModelVariableRecord) -> JSONValue {
        .object([
            "component": .object([
                "name": .string(variable.componentName), "instance": Representations.optional(variable.componentInstance),
                "evseId": Representations.optional(variable.evseId), "connectorId": Representations.optional(variable.connectorId),
            ]),
            "variable": .object(["name": .string(variable.variableName), "instance": Representations.optional(variable.variableInstance)]),
            "attributeType": .string(variable.attributeType),
            "value": Representations.optional(variable.value),
            "mutability": Representations.optional(variable.mutability),
            "characteristics": variable.characteristics.flatMap { try? JSONValue(parsing: $0) } ?? .null,
            "updatedAt": Representations.date(variable.updatedAt),
        ])
    }

    private static func event(_ event: EventRecord) -> JSONValue {
        .object([
            "eventId": .number(Double(event.eventId)), "timestamp": Representations.date(event.timestamp),
            "trigger": .string(event.trigger), "actualValue": .string(event.actualValue),
            "component": .string(event.componentName), "variable": .string(event.variableName),
            "eventData": (try? JSONValue(parsing: event.payload)) ?? .null,
        ])
    }

    private static func securityEvent(_ event: SecurityEventRecord) -> JSONValue {
        .object([
            "type": .string(event.type), "timestamp": Representations.date(event.timestamp),
            "techInfo": Representations.optional(event.techInfo), "receivedAt": Representations.date(event.receivedAt),
        ])
    }

    private static func notification(_ notification: StationNotificationRecord) -> JSONValue {
        .object([
            "kind": .string(notification.kind), "at": Representations.date(notification.at),
            "request": (try? JSONValue(parsing: notification.payload)) ?? .null,
        ])
    }

    private static func frame(_ frame: FrameLogRecord) -> JSONValue {
        .object([
            "direction": .string(frame.direction.rawValue), "at": Representations.date(frame.at),
            "frame": .string(SecretRedaction.redact(frame: frame.text)),
        ])
    }
}
