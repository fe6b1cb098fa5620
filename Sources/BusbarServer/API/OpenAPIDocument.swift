import OCPP

/// The OpenAPI 3.1 description of the operator API served at `/api/v1/openapi.json`. A test
/// compares its paths and methods with the router's, so it cannot drift from what is served.
enum OpenAPIDocument {
    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    private static func json(_ schema: JSONValue) -> JSONValue { ["application/json": ["schema": schema]] }
    private static func response(_ description: String, _ schema: JSONValue? = nil) -> JSONValue {
        guard let schema else { return ["description": .string(description)] }
        return ["description": .string(description), "content": json(schema)]
    }
    private static let error: JSONValue = response("Error", ref("Error"))
    private static func errorResponse(_ description: String) -> JSONValue { response(description, ref("Error")) }
    private static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": ["type": "string"]]
    }
    private static func queryParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
    }
    private static func queryParameter(_ name: String, _ type: String, _ description: String) -> JSONValue {
        queryParameter(name, ["type": .string(type)], description)
    }
    private static let limitParameter = queryParameter(
        "limit", ["type": "integer", "minimum": 1, "maximum": 1000, "default": 100], "At most this many entries")
    private static let timeoutParameter = queryParameter(
        "timeout", ["type": "number", "exclusiveMinimum": 0, "maximum": 600, "default": 60],
        "Seconds to wait for the station's answer")
    private static let nullableString: JSONValue = ["type": ["string", "null"]]
    private static let nullableDate: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    private static let bearer: JSONValue = [["bearerAuth": []]]

    /// Who may call an operation: any caller (the liveness probe) or a caller with a key.
    private enum Access { case open, key }

    /// One operation with the answers every operation can give added to its own: 400 (a path
    /// segment that does not decode, or a malformed request), 401/403 (key, role, origin), 405
    /// (another method of the path), 413/415 (for a body), 431 (headers over the limit), 500.
    private static func operation(
        _ summary: String, _ responses: [String: JSONValue], body: JSONValue? = nil, bodyRequired: Bool = true,
        access: Access = .key, parameters: [JSONValue]? = nil
    ) -> JSONValue {
        var all = responses
        func add(_ status: String, _ description: String) {
            if all[status] == nil { all[status] = errorResponse(description) }
        }
        add("400", "Malformed request: a path segment with an invalid percent-escape, or a request that is not valid HTTP")
        if access == .key {
            add("401", "No API key, or one that is unknown or revoked (WWW-Authenticate: Bearer)")
            add("403", "A cross-origin browser request, or a key whose role may not do this")
        } else {
            add("403", "A cross-origin browser request")
        }
        add("405", "The path exists but not with this method (the Allow header lists those it has)")
        add("431", "The request's header fields exceed 16 KiB")
        add("500", "The server failed; the log says why")
        var operation: [String: JSONValue] = ["summary": .string(summary)]
        if let body {
            add("413", "The body exceeds 1 MiB")
            add("415", "The body is not application/json (UTF-8)")
            operation["requestBody"] = ["required": .bool(bodyRequired), "content": json(body)]
        }
        operation["responses"] = .object(all)
        operation["security"] = access == .key ? bearer : []
        if let parameters { operation["parameters"] = .array(parameters) }
        return .object(operation)
    }

    private static func list(_ description: String, of items: JSONValue = ["type": "object"]) -> JSONValue {
        response(description, ["type": "array", "items": items])
    }

    /// The document.
    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "Busbar operator API",
            "version": "1.0.0",
            "description":
                "Register charging stations and id tokens, read transactions, and send any OCPP 2.0.1 CSMS-initiated request to a connected station. Every call needs `Authorization: Bearer <key>` (`busbar keys add`), except /healthz and, while no key exists and the API listens on loopback only, every call. Bodies are application/json; cross-origin browser requests are refused.",
            "license": ["name": "GPL-3.0-or-later", "identifier": "GPL-3.0-or-later"],
        ],
        "security": bearer,
        "paths": [
            "/healthz": [
                "get": operation("Liveness", ["200": response("Server is up", ["type": "object"])], access: .open)
            ],
            "/metrics": [
                "get": operation(
                    "Prometheus metrics (operator and viewer keys)",
                    ["200": ["description": "Prometheus text format", "content": ["text/plain": ["schema": ["type": "string"]]]]])
            ],
            "/api/v1/openapi.json": [
                "get": operation("This document (any valid key)", ["200": response("OpenAPI 3.1 document", ["type": "object"])])
            ],
            "/api/v1/stations": [
                "get": operation(
                    "List stations", ["200": list("Stations", of: ref("Station"))],
                    parameters: [
                        [
                            "name": "state", "in": "query", "required": false,
                            "description": "Which stations: in service (default), decommissioned, or all",
                            "schema": ["type": "string", "enum": ["active", "decommissioned", "all"], "default": "active"],
                        ]
                    ]),
                "post": operation(
                    "Register a station", ["201": response("Registered", ref("Station")), "409": error, "422": error],
                    body: ref("NewStation")),
            ],
            "/api/v1/stations/{id}": [
                "parameters": [pathParameter("id", "Charging station identity")],
                "get": operation(
                    "A station with its EVSE and connector statuses", ["200": response("Station", ref("Station")), "404": error]),
                "patch": operation(
                    "Change password, security profile or boot status",
                    [
                        "200": response("Changed", ref("Station")), "404": error,
                        "409": errorResponse("The station is decommissioned; re-add it first"), "422": error,
                    ], body: ref("StationChanges")),
                "delete": operation(
                    "Decommission a station: it can no longer connect; its transactions, meter values and events stay "
                        + "readable. POST the same id to put it back in service; DELETE …/data purges it",
                    ["204": response("Decommissioned"), "404": error, "409": errorResponse("Already decommissioned")]),
            ],
            "/api/v1/stations/{id}/data": [
                "parameters": [
                    pathParameter("id", "Charging station identity"),
                    [
                        "name": "confirm", "in": "query", "required": true,
                        "description": "The station identity again, to confirm the purge",
                        "schema": ["type": "string"],
                    ],
                ],
                "delete": operation(
                    "Purge a decommissioned station: delete it with every transaction, meter value, event and frame it left",
                    [
                        "204": response("Purged; the id can be registered afresh"),
                        "400": errorResponse("confirm missing or not the id"),
                        "404": error, "409": errorResponse("The station is in service; decommission it first"),
                    ]),
            ],
            "/api/v1/stations/{id}/password": [
                "parameters": [pathParameter("id", "Charging station identity"), timeoutParameter],
                "post": operation(
                    "A01: set a new random Basic-auth password on the connected station; kept (as a hash) only once it accepts",
                    [
                        "200": response("The station accepted; only the new password is accepted from now on", ref("PasswordChange")),
                        "404": errorResponse("Station not registered, or not connected"),
                        "409": errorResponse(
                            "The station refused (password_rejected, details.attributeStatus) — the old password stays valid — or it uses security profile 3"
                        ),
                        "422": errorResponse("length or timeout out of range"),
                        "502": errorResponse("The station answered with a CALLERROR or an invalid response; the old password stays valid"),
                        "503": errorResponse(
                            "station_busy: the station's request queue or socket buffer is full; nothing was sent, retry later"),
                        "504": errorResponse("The station did not answer in time; the old password stays valid"),
                    ], body: ref("PasswordChangeRequest"), bodyRequired: false),
            ],
            "/api/v1/stations/{id}/requests/{action}": [
                "parameters": [
                    pathParameter("id", "Charging station identity"),
                    pathParameter("action", "OCPP 2.0.1 action sent by the CSMS, e.g. GetVariables, Reset, RequestStartTransaction"),
                    timeoutParameter,
                ],
                "post": operation(
                    "Send a CSMS-initiated OCPP request and return the station's response payload (secrets redacted)",
                    [
                        "200": response("The station's response payload (<Action>Response)", ["type": "object"]),
                        "404": errorResponse("Unknown action or station not connected"),
                        "409": errorResponse("Station may not be sent requests (BootNotification Rejected)"),
                        "422": errorResponse(
                            "Payload violates the request schema (details lists each field), a station→CSMS action, a bad timeout, or a BasicAuthPassword (use /password)"
                        ),
                        "502": errorResponse("The station answered with a CALLERROR (in details) or an invalid response"),
                        "503": errorResponse(
                            "station_busy: the station's request queue (count or bytes) or socket buffer is full; nothing was sent, retry later"
                        ),
                        "504": errorResponse("The station did not answer within timeout, counted from acceptance (queued time included)"),
                    ],
                    body: [
                        "type": "object", "description": "The OCPP request payload, as in the official JSON schema <Action>Request",
                    ]),
            ],
            "/api/v1/stations/{id}/device-model": [
                "parameters": [pathParameter("id", "Charging station identity")],
                "get": operation(
                    "The station's device model as reported by NotifyReport (B07/B08)",
                    ["200": list("Variable attributes"), "404": error]),
            ],
            "/api/v1/stations/{id}/events": [
                "parameters": [pathParameter("id", "Charging station identity"), limitParameter],
                "get": operation("NotifyEvent events, newest first (N07)", ["200": list("Events"), "404": error, "422": error]),
            ],
            "/api/v1/stations/{id}/security-events": [
                "parameters": [pathParameter("id", "Charging station identity"), limitParameter],
                "get": operation(
                    "SecurityEventNotifications, newest first (A04)", ["200": list("Security events"), "404": error, "422": error]),
            ],
            "/api/v1/stations/{id}/notifications": [
                "parameters": [
                    pathParameter("id", "Charging station identity"), limitParameter,
                    queryParameter("kind", "string", "Only this action, e.g. FirmwareStatusNotification"),
                ],
                "get": operation(
                    "Other station notifications (firmware, log, charging limits, …), newest first",
                    ["200": list("Notifications"), "404": error, "422": error]),
            ],
            "/api/v1/stations/{id}/frames": [
                "parameters": [pathParameter("id", "Charging station identity"), limitParameter],
                "get": operation(
                    "The station's most recent OCPP-J frames in and out, newest first (secrets redacted)",
                    ["200": list("Frames"), "404": error, "422": error]),
            ],
            "/api/v1/id-tokens": [
                "get": operation("List id tokens", ["200": list("Tokens", of: ref("IdToken"))]),
                "post": operation(
                    "Add or replace an id token", ["201": response("Stored", ref("IdToken")), "422": error], body: ref("NewIdToken")),
            ],
            "/api/v1/id-tokens/{type}/{idToken}": [
                "parameters": [pathParameter("type", "IdTokenEnumType"), pathParameter("idToken", "The token")],
                "delete": operation("Remove an id token", ["204": response("Removed"), "404": error]),
            ],
            "/api/v1/transactions": [
                "get": operation(
                    "List transactions, newest first", ["200": list("Transactions", of: ref("Transaction")), "422": error],
                    parameters: [
                        queryParameter("stationId", "string", "Only this station's"),
                        queryParameter("active", "boolean", "Only active (true) or ended (false) ones"),
                    ])
            ],
            "/api/v1/transactions/{transactionId}": [
                "parameters": [
                    pathParameter("transactionId", "Transaction id given by the station"),
                    queryParameter("stationId", "string", "Disambiguates when two stations used the same id"),
                ],
                "get": operation(
                    "A transaction with every TransactionEvent received and its meter values",
                    ["200": response("Transaction", ref("TransactionDetail")), "404": error, "409": error]),
            ],
            "/api/v1/stations/{id}/charging-profiles": [
                "parameters": [pathParameter("id", "Charging station identity")],
                "get": operation(
                    "The charging profiles the station accepted from the energy manager or an operator and still holds (EVSE 0: TxDefaultProfile, ChargingStationMaxProfile)",
                    [
                        "200": list(
                            "Held profiles",
                            of: [
                                "type": "object",
                                "properties": [
                                    "evseId": ["type": "integer"], "source": ["type": "string", "enum": ["energy-manager", "operator"]],
                                    "chargingProfile": ["type": "object", "description": "OCPP ChargingProfileType"],
                                ],
                            ]), "404": errorResponse("The station is on no site"),
                    ]),
                "post": operation(
                    "Sets an operator's charging profile (K01): checked against the site's exact limits for the next 24 h beside what the plan cannot move, the other stations lowered first, then sent; held in the plan as a constraint and stored once the station accepted it. Tx and TxDefault profiles need stack level ≥ 1 (the energy manager's are at 0); ids from 9000000 on are reserved",
                    [
                        "201": response("Accepted by the station", ["type": "object"]),
                        "404": errorResponse("The station is on no site, or is not connected"),
                        "409": errorResponse("exceeds_site_limits (the moment it would), station_rejected (the station's status), or a TxProfile's transaction is not ongoing"),
                        "422": errorResponse("Not a SetChargingProfileRequest, or a field Busbar cannot keep safe; `field` names it"),
                        "502": errorResponse("The station answered with a CALLERROR"),
                        "503": errorResponse("station_busy: the station's request queue is full"),
                        "504": errorResponse("The station did not answer within 30 s"),
                    ],
                    body: [
                        "type": "object", "required": ["evseId", "chargingProfile"],
                        "properties": ["evseId": ["type": "integer", "minimum": 0], "chargingProfile": ["type": "object", "description": "OCPP ChargingProfileType"]],
                    ]),
            ],
            "/api/v1/stations/{id}/charging-profiles/{profileId}": [
                "parameters": [pathParameter("id", "Charging station identity"), pathParameter("profileId", "The operator's profile id")],
                "delete": operation(
                    "Clears an operator's charging profile from the station (K10 ClearChargingProfile) and from the plan",
                    [
                        "200": response("The station's ClearChargingProfile status (Accepted or Unknown)", ["type": "object"]),
                        "404": errorResponse("No operator profile with this id on this station"),
                        "422": errorResponse("profileId is not an integer"),
                        "502": errorResponse("The station answered with a CALLERROR"),
                        "504": errorResponse("The station did not answer within 30 s"),
                    ]),
            ],
            "/api/v1/stations/{id}/composite-schedule": [
                "parameters": [
                    pathParameter("id", "Charging station identity"),
                    queryParameter("evseId", ["type": "integer", "minimum": 0, "default": 0], "EVSE (0: the whole station)"),
                    queryParameter(
                        "duration", ["type": "integer", "minimum": 1, "maximum": 604_800, "default": 86_400], "Seconds from now"),
                    queryParameter("rateUnit", ["type": "string", "enum": ["A", "W"]], "Unit of the schedule (default: the station's choice)"),
                ],
                "get": operation(
                    "The station's own composite schedule (K08 GetCompositeSchedule): what it will let the EVSE draw under every profile it holds",
                    [
                        "200": response("GetCompositeScheduleResponse: status, and the schedule when Accepted", ["type": "object"]),
                        "422": errorResponse("A query parameter out of range; `field` names it"),
                        "404": errorResponse("The station is not connected"),
                        "409": errorResponse("Station may not be sent requests (BootNotification Rejected)"),
                        "502": errorResponse("The station answered with a CALLERROR (in details) or an invalid response"),
                        "503": errorResponse("station_busy: the station's request queue is full; nothing was sent"),
                        "504": errorResponse("The station did not answer within 30 s"),
                    ]),
            ],
            "/api/v1/sites": [
                "get": operation(
                    "The sites the energy manager plans, and the capacity files it refused (the site in force stays)",
                    ["200": response("Sites", ref("SiteList"))])
            ],
            "/api/v1/sites/{siteId}": [
                "parameters": [pathParameter("siteId", "Site id")],
                "get": operation(
                    "A site as the JSON document PUT accepts (utility keys of the site may read it)",
                    ["200": response("Site", ref("Site")), "404": error]),
                "put": operation(
                    "Replace a site (operator keys); validated like a capacity file, stored, in force at once",
                    ["200": response("Site in force", ref("Site")), "400": errorResponse("The site is refused; `field` is the path of the field at fault")],
                    body: ref("Site")),
            ],
            "/api/v1/sites/{siteId}/plan": [
                "parameters": [pathParameter("siteId", "Site id")],
                "get": operation(
                    "The plan in force: current per EV per slot, load against limit per node and phase, the binding constraint",
                    ["200": response("Plan", ref("Plan")), "404": errorResponse("Unknown site, or not planned yet (error no_plan)")]),
            ],
            "/api/v1/sites/{siteId}/load": [
                "parameters": [
                    pathParameter("siteId", "Site id"),
                    queryParameter("from", ["type": "string", "format": "date-time"], "Start (default: 24 h before to)"),
                    queryParameter("to", ["type": "string", "format": "date-time"], "End (default: now)"),
                ],
                "get": operation(
                    "Measured load per slot, node and phase (EV currents from meter values as phasor sums, plus the assumed base load) against the limit in force; kept one day in memory",
                    [
                        "200": response(
                            "Load",
                            [
                                "type": "object",
                                "properties": [
                                    "siteId": ["type": "string"], "from": ["type": "string", "format": "date-time"],
                                    "to": ["type": "string", "format": "date-time"],
                                    "slots": [
                                        "type": "array",
                                        "items": [
                                            "type": "object",
                                            "properties": [
                                                "start": ["type": "string", "format": "date-time"], "end": ["type": "string", "format": "date-time"],
                                                "nodes": [
                                                    "type": "array",
                                                    "items": [
                                                        "type": "object",
                                                        "properties": [
                                                            "node": ["type": "string"], "phase": nullableString, "unit": ["type": "string", "enum": ["A", "kW"]],
                                                            "peak": ["type": "number"], "limit": ["type": ["number", "null"]], "exceeded": ["type": "boolean"],
                                                        ],
                                                    ],
                                                ],
                                            ],
                                        ],
                                    ],
                                ],
                            ]), "404": errorResponse("Unknown site"), "422": errorResponse("A bad from or to; `field` names it"),
                    ]),
            ],
            "/api/v1/sites/{siteId}/plans": [
                "parameters": [
                    pathParameter("siteId", "Site id"), limitParameter,
                    queryParameter("before", ["type": "integer", "minimum": 1], "Only plans with a smaller id (the next page)"),
                ],
                "get": operation(
                    "The site's stored plans, newest first (kept 7 days): id, when, why",
                    [
                        "200": list(
                            "Plans",
                            of: [
                                "type": "object",
                                "properties": [
                                    "planId": ["type": "integer"], "at": ["type": "string", "format": "date-time"], "reason": ["type": "string"],
                                ],
                            ]), "404": errorResponse("Unknown site"), "422": errorResponse("A bad limit or before; `field` names it"),
                    ]),
            ],
            "/api/v1/sites/{siteId}/plans/{planId}": [
                "parameters": [pathParameter("siteId", "Site id"), pathParameter("planId", "Plan id")],
                "get": operation(
                    "One past plan with everything it was made from: the site, the EVs, what offline or refusing stations held, the limit signals, the idle limit",
                    [
                        "200": response(
                            "Plan and inputs",
                            [
                                "type": "object",
                                "properties": [
                                    "planId": ["type": "integer"], "at": ["type": "string", "format": "date-time"], "reason": ["type": "string"],
                                    "inputs": ["type": "object"], "plan": ref("Plan"),
                                ],
                            ]), "404": errorResponse("Unknown site, or no such plan (error no_plan)"),
                        "422": errorResponse("planId is not a plan id"),
                    ]),
            ],
            "/api/v1/sites/{siteId}/base-load": [
                "parameters": [pathParameter("siteId", "Site id")],
                "get": operation(
                    "The base-load readings of the site's nodes still valid",
                    ["200": list("Readings, by node", of: ref("BaseLoadReading")), "404": error]),
                "post": operation(
                    "A node's measured non-EV load: replaces the site file's base-load profile for that node from `at` for `validSeconds`, and re-plans the site when the plan would notice",
                    [
                        "201": response("The reading in force", ref("BaseLoadReading")),
                        "404": errorResponse("Unknown site"),
                        "422": errorResponse("A field is missing or out of range; `field` names it"),
                    ],
                    body: [
                        "type": "object", "required": ["kW"],
                        "properties": [
                            "node": ["type": "string", "description": "A node of the site (default: the grid connection)"],
                            "kW": ["type": "number", "minimum": 0, "maximum": 1_000_000],
                            "at": ["type": "string", "format": "date-time", "description": "When it was measured (default: now; not in the future)"],
                            "validSeconds": ["type": "integer", "minimum": 60, "maximum": 86_400, "default": 900],
                        ],
                    ]),
            ],
            "/api/v1/sites/{siteId}/limits": [
                "parameters": [pathParameter("siteId", "Site id")],
                "get": operation(
                    "The site's limit signals", ["200": list("Limit signals, by start", of: ref("LimitSignal")), "404": error],
                    parameters: [
                        queryParameter(
                            "include", ["type": "string", "enum": ["current", "all"], "default": "current"],
                            "current: not ended and not withdrawn; all: every signal ever received (the audit trail)")
                    ]),
                "post": operation(
                    "Limit a node of the site for a while (utility keys of the site, operator keys)",
                    [
                        "201": response("Stored; the energy manager re-plans", ref("LimitSignal")),
                        "200": response("The same source and id were sent before: that signal, unchanged", ref("LimitSignal")),
                        "404": error,
                    ], body: ref("NewLimitSignal")),
            ],
            "/api/v1/sites/{siteId}/limits/{limitId}": [
                "parameters": [pathParameter("siteId", "Site id"), pathParameter("limitId", "Busbar's id of the signal (lim_…)")],
                "get": operation("A limit signal", ["200": response("Limit signal", ref("LimitSignal")), "404": error]),
                "delete": operation(
                    "Withdraw a signal before its end (kept, stamped withdrawn, for the audit)",
                    ["200": response("Withdrawn", ref("LimitSignal")), "404": error]),
            ],
        ],
        "components": [
            "securitySchemes": [
                "bearerAuth": [
                    "type": "http", "scheme": "bearer",
                    "description":
                        "An API key from `busbar keys add --role operator|viewer|utility`. Viewer keys are read-only; utility keys may use only /api/v1/sites/{siteId}/… of their sites (and this document).",
                ]
            ],
            "schemas": [
                "SiteList": [
                    "type": "object", "required": ["sites", "fileErrors"],
                    "properties": [
                        "sites": [
                            "type": "array",
                            "items": [
                                "type": "object",
                                "properties": [
                                    "id": ["type": "string"], "name": nullableString, "timezone": ["type": "string"],
                                    "file": nullableString, "origin": ["type": "string", "enum": ["file", "api"]],
                                    "updatedAt": ["type": "string", "format": "date-time"], "stations": ["type": "integer"],
                                    "evses": ["type": "integer"],
                                ],
                            ],
                        ],
                        "fileErrors": [
                            "type": "array",
                            "items": [
                                "type": "object",
                                "properties": ["file": ["type": "string"], "path": ["type": "string"], "reason": ["type": "string"]],
                            ],
                        ],
                    ],
                ],
                "Site": [
                    "type": "object", "required": ["id", "timezone", "voltageLN", "grid"],
                    "description": "A site capacity document: its full JSON Schema is Sites/site.schema.json, the format Sites/README.md",
                ],
                "NewLimitSignal": [
                    "type": "object", "required": ["end"], "additionalProperties": false,
                    "description": "At least one of importLimitKW, importLimitA, exportLimitKW",
                    "properties": [
                        "node": ["type": "string", "description": "The node it limits; default the grid connection"],
                        "start": ["type": "string", "format": "date-time", "description": "Default: now"],
                        "end": ["type": "string", "format": "date-time", "description": "After start and in the future"],
                        "importLimitKW": ["type": "number", "minimum": 0],
                        "importLimitA": [
                            "type": "array", "items": ["type": "number", "minimum": 0], "minItems": 3, "maxItems": 3,
                            "description": "Line current on L1, L2, L3 (A)",
                        ],
                        "exportLimitKW": ["type": "number", "minimum": 0],
                        "source": ["type": "string", "maxLength": 128, "description": "Who sends it; default key:<key id>"],
                        "id": ["type": "string", "maxLength": 128, "description": "The sender's id: a retry with the same source and id stores nothing new"],
                    ],
                ],
                "Plan": [
                    "type": "object",
                    "properties": [
                        "planId": ["type": "integer"], "at": ["type": "string", "format": "date-time"], "reason": ["type": "string"],
                        "slots": ["type": "array", "items": ["type": "object"]],
                        "allocations": [
                            "type": "array",
                            "items": [
                                "type": "object",
                                "properties": [
                                    "transactionId": nullableString, "stationId": ["type": "string"], "evseId": ["type": "integer"],
                                    "phases": ["type": "array", "items": ["type": "string"]],
                                    "currentA": ["type": "array", "items": ["type": "number"], "description": "Per slot, A per phase"],
                                    "why": [
                                        "type": ["string", "null"],
                                        "description": "Why it gets what it gets now: its EVSE's rating, its own maximum or measured draw, an operator's cap, the minimum current, or the nodes on its path at their limit",
                                    ],
                                ],
                            ],
                        ],
                        "loads": ["type": "array", "items": ["type": "object"], "description": "Executed slot, exact (phasor) figures"],
                        "binding": nullableString, "plannedKWh": ["type": "number"], "milliseconds": ["type": "number"],
                    ],
                ],
                "BaseLoadReading": [
                    "type": "object",
                    "properties": [
                        "node": ["type": "string"], "kW": ["type": "number"], "at": ["type": "string", "format": "date-time"],
                        "validUntil": ["type": "string", "format": "date-time"], "source": ["type": "string"],
                    ],
                ],
                "LimitSignal": [
                    "type": "object",
                    "properties": [
                        "limitId": ["type": "string"], "siteId": ["type": "string"], "node": ["type": "string"],
                        "start": ["type": "string", "format": "date-time"], "end": ["type": "string", "format": "date-time"],
                        "importLimitKW": ["type": ["number", "null"]],
                        "importLimitA": ["type": ["array", "null"], "items": ["type": "number"]],
                        "exportLimitKW": ["type": ["number", "null"]], "source": ["type": "string"], "id": nullableString,
                        "status": ["type": "string", "enum": ["scheduled", "active", "ended", "withdrawn"]],
                        "createdAt": ["type": "string", "format": "date-time"], "createdBy": nullableString,
                        "withdrawnAt": nullableDate, "withdrawnBy": nullableString,
                    ],
                ],
                "PasswordChangeRequest": [
                    "type": "object", "additionalProperties": false,
                    "description": "Optional; an empty body takes the defaults",
                    "properties": ["length": ["type": "integer", "minimum": 16, "maximum": 40, "default": 32]],
                ],
                "PasswordChange": [
                    "type": "object", "required": ["stationId", "status", "passwordChanged"],
                    "properties": [
                        "stationId": ["type": "string"], "status": ["type": "string", "enum": ["Accepted", "RebootRequired"]],
                        "passwordChanged": ["type": "boolean"], "message": ["type": "string"],
                    ],
                ],
                "Error": [
                    "type": "object", "required": ["error", "message"],
                    "properties": [
                        "error": ["type": "string"], "message": ["type": "string"], "field": ["type": "string"], "details": [:],
                    ],
                ],
                "NewStation": [
                    "type": "object", "required": ["id"], "additionalProperties": false,
                    "properties": [
                        "id": ["type": "string", "maxLength": 48, "pattern": "^[A-Za-z0-9*\\-_=+|@.]+$"],
                        "password": [
                            "type": "string", "minLength": 16, "maxLength": 40, "description": "HTTP Basic password (profiles 1 and 2)",
                        ],
                        "securityProfile": ["type": "integer", "minimum": 1, "maximum": 3, "default": 1],
                        "bootStatus": [
                            "type": "string", "enum": ["Accepted", "Pending", "Rejected"], "default": "Accepted",
                            "description": "What BootNotification is answered with",
                        ],
                    ],
                ],
                "StationChanges": [
                    "type": "object", "additionalProperties": false,
                    "properties": [
                        "password": ["type": "string", "minLength": 16, "maxLength": 40],
                        "securityProfile": ["type": "integer", "minimum": 1, "maximum": 3],
                        "bootStatus": ["type": "string", "enum": ["Accepted", "Pending", "Rejected"]],
                    ],
                ],
                "Station": [
                    "type": "object",
                    "properties": [
                        "id": ["type": "string"], "securityProfile": ["type": "integer"], "bootStatus": ["type": "string"],
                        "hasPassword": ["type": "boolean"], "connected": ["type": "boolean"], "registrationStatus": nullableString,
                        "boot": ["type": "object"], "createdAt": ["type": "string", "format": "date-time"],
                        "updatedAt": ["type": "string", "format": "date-time"],
                        "decommissionedAt": [
                            "type": ["string", "null"], "format": "date-time",
                            "description": "When the station was taken out of service; null while in service",
                        ],
                        "evses": [
                            "type": "array",
                            "items": ["type": "object", "properties": ["id": ["type": "integer"], "connectors": ["type": "array"]]],
                        ],
                    ],
                ],
                "NewIdToken": [
                    "type": "object", "required": ["idToken", "type"], "additionalProperties": false,
                    "properties": [
                        "idToken": ["type": "string", "maxLength": 36],
                        "type": ["type": "string", "enum": .array(IdTokenEnumType.allCases.map { .string($0.rawValue) })],
                        "status": [
                            "type": "string", "enum": .array(AuthorizationStatusEnumType.allCases.map { .string($0.rawValue) }),
                            "default": "Accepted",
                        ],
                        "expiresAt": ["type": "string", "format": "date-time"],
                        "groupId": ["type": "string", "maxLength": 36],
                    ],
                ],
                "IdToken": [
                    "type": "object",
                    "properties": [
                        "idToken": ["type": "string"], "type": ["type": "string"], "status": ["type": "string"], "expiresAt": nullableDate,
                        "groupId": nullableString, "createdAt": ["type": "string", "format": "date-time"],
                        "updatedAt": ["type": "string", "format": "date-time"],
                    ],
                ],
                "Transaction": [
                    "type": "object",
                    "properties": [
                        "stationId": ["type": "string"], "transactionId": ["type": "string"], "evseId": ["type": ["integer", "null"]],
                        "connectorId": ["type": ["integer", "null"]], "idToken": nullableString, "idTokenType": nullableString,
                        "startedAt": ["type": "string", "format": "date-time"], "endedAt": nullableDate, "stoppedReason": nullableString,
                        "chargingState": nullableString, "lastSeqNo": ["type": "integer"], "eventCount": ["type": "integer"],
                        "active": ["type": "boolean"],
                    ],
                ],
                "MeterValue": [
                    "type": "object",
                    "description": "One sampled value exactly as the station sent it; the reading is value × 10^multiplier unit",
                    "properties": [
                        "timestamp": ["type": "string", "format": "date-time"], "measurand": ["type": "string"],
                        "phase": nullableString, "unit": nullableString, "context": nullableString, "location": nullableString,
                        "value": ["type": "number", "description": "SampledValueType.value as received"],
                        "multiplier": ["type": "integer", "description": "unitOfMeasure.multiplier as received (0 when absent)"],
                        "evseId": ["type": ["integer", "null"]],
                    ],
                ],
                "TransactionDetail": [
                    "allOf": [
                        ref("Transaction"),
                        [
                            "type": "object",
                            "properties": [
                                "events": [
                                    "type": "array",
                                    "items": [
                                        "type": "object",
                                        "properties": [
                                            "seqNo": ["type": "integer"], "eventType": ["type": "string"],
                                            "timestamp": ["type": "string", "format": "date-time"],
                                            "triggerReason": ["type": "string"], "offline": ["type": "boolean"],
                                            "receivedAt": ["type": "string", "format": "date-time"],
                                            "request": [
                                                "type": "object",
                                                "description": "The TransactionEventRequest as received, meter values included",
                                            ],
                                        ],
                                    ],
                                ],
                                "meterValues": ["type": "array", "items": ref("MeterValue")],
                            ],
                        ],
                    ]
                ],
            ],
        ],
    ]
}
