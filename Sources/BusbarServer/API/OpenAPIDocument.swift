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
    private static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": ["type": "string"]]
    }
    private static func queryParameter(_ name: String, _ type: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": ["type": .string(type)]]
    }
    private static let limitParameter = queryParameter("limit", "integer", "At most this many, 1–1000 (default 100)")
    private static let nullableString: JSONValue = ["type": ["string", "null"]]
    private static let nullableDate: JSONValue = ["type": ["string", "null"], "format": "date-time"]

    /// The document.
    static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": [
            "title": "Busbar operator API",
            "version": "1.0.0",
            "description":
                "Register charging stations and id tokens, read transactions, and send any OCPP 2.0.1 CSMS-initiated request to a connected station.",
            "license": ["name": "GPL-3.0-or-later", "identifier": "GPL-3.0-or-later"],
        ],
        "paths": [
            "/healthz": ["get": ["summary": "Liveness", "responses": ["200": response("Server is up", ["type": "object"])]]],
            "/metrics": [
                "get": [
                    "summary": "Prometheus metrics",
                    "responses": [
                        "200": ["description": "Prometheus text format", "content": ["text/plain": ["schema": ["type": "string"]]]]
                    ],
                ]
            ],
            "/api/v1/openapi.json": [
                "get": ["summary": "This document", "responses": ["200": response("OpenAPI 3.1 document", ["type": "object"])]]
            ],
            "/api/v1/stations": [
                "get": [
                    "summary": "List stations",
                    "parameters": [
                        [
                            "name": "state", "in": "query", "required": false,
                            "description": "Which stations: in service (default), decommissioned, or all",
                            "schema": ["type": "string", "enum": ["active", "decommissioned", "all"], "default": "active"],
                        ]
                    ],
                    "responses": ["200": response("Stations", ["type": "array", "items": ref("Station")]), "400": error],
                ],
                "post": [
                    "summary": "Register a station",
                    "requestBody": ["required": true, "content": json(ref("NewStation"))],
                    "responses": ["201": response("Registered", ref("Station")), "400": error, "409": error, "422": error],
                ],
            ],
            "/api/v1/stations/{id}": [
                "parameters": [pathParameter("id", "Charging station identity")],
                "get": [
                    "summary": "A station with its EVSE and connector statuses",
                    "responses": ["200": response("Station", ref("Station")), "400": error, "404": error],
                ],
                "patch": [
                    "summary": "Change password, security profile or boot status",
                    "requestBody": ["required": true, "content": json(ref("StationChanges"))],
                    "responses": [
                        "200": response("Changed", ref("Station")), "400": error, "404": error,
                        "409": response("The station is decommissioned; re-add it first", ref("Error")), "422": error,
                    ],
                ],
                "delete": [
                    "summary":
                        .string(
                            "Decommission a station: it can no longer connect; its transactions, meter values and events stay "
                                + "readable. POST the same id to put it back in service; DELETE …/data purges it"),
                    "responses": [
                        "204": response("Decommissioned"), "400": error, "404": error,
                        "409": response("Already decommissioned", ref("Error")),
                    ],
                ],
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
                "delete": [
                    "summary": "Purge a decommissioned station: delete it with every transaction, meter value, event and frame it left",
                    "responses": [
                        "204": response("Purged; the id can be registered afresh"),
                        "400": response("confirm missing or not the id", ref("Error")),
                        "404": error, "409": response("The station is in service; decommission it first", ref("Error")),
                    ],
                ],
            ],
            "/api/v1/stations/{id}/requests/{action}": [
                "parameters": [
                    pathParameter("id", "Charging station identity"),
                    pathParameter("action", "OCPP 2.0.1 action sent by the CSMS, e.g. GetVariables, Reset, RequestStartTransaction"),
                    queryParameter("timeout", "number", "Seconds to wait for the answer (default 60)"),
                ],
                "post": [
                    "summary": "Send a CSMS-initiated OCPP request and return the station's response payload",
                    "requestBody": [
                        "required": true,
                        "content": json([
                            "type": "object", "description": "The OCPP request payload, as in the official JSON schema <Action>Request",
                        ]),
                    ],
                    "responses": [
                        "200": response("The station's response payload (<Action>Response)", ["type": "object"]),
                        "404": response("Unknown action or station not connected", ref("Error")),
                        "409": response("Station may not be sent requests (BootNotification Rejected)", ref("Error")),
                        "422": response("Payload violates the request schema; details lists each field", ref("Error")),
                        "502": response("The station answered with a CALLERROR (in details) or an invalid response", ref("Error")),
                        "504": response("The station did not answer in time", ref("Error")),
                    ],
                ],
            ],
            "/api/v1/stations/{id}/device-model": [
                "parameters": [pathParameter("id", "Charging station identity")],
                "get": [
                    "summary": "The station's device model as reported by NotifyReport (B07/B08)",
                    "responses": [
                        "200": response("Variable attributes", ["type": "array", "items": ["type": "object"]]), "400": error, "404": error,
                    ],
                ],
            ],
            "/api/v1/stations/{id}/events": [
                "parameters": [pathParameter("id", "Charging station identity"), limitParameter],
                "get": [
                    "summary": "NotifyEvent events, newest first (N07)",
                    "responses": [
                        "200": response("Events", ["type": "array", "items": ["type": "object"]]), "400": error, "404": error, "422": error,
                    ],
                ],
            ],
            "/api/v1/stations/{id}/security-events": [
                "parameters": [pathParameter("id", "Charging station identity"), limitParameter],
                "get": [
                    "summary": "SecurityEventNotifications, newest first (A04)",
                    "responses": [
                        "200": response("Security events", ["type": "array", "items": ["type": "object"]]), "400": error, "404": error,
                        "422": error,
                    ],
                ],
            ],
            "/api/v1/stations/{id}/notifications": [
                "parameters": [
                    pathParameter("id", "Charging station identity"), limitParameter,
                    queryParameter("kind", "string", "Only this action, e.g. FirmwareStatusNotification"),
                ],
                "get": [
                    "summary": "Other station notifications (firmware, log, charging limits, …), newest first",
                    "responses": [
                        "200": response("Notifications", ["type": "array", "items": ["type": "object"]]), "400": error, "404": error,
                        "422": error,
                    ],
                ],
            ],
            "/api/v1/stations/{id}/frames": [
                "parameters": [pathParameter("id", "Charging station identity"), limitParameter],
                "get": [
                    "summary": "The station's most recent OCPP-J frames in and out, newest first",
                    "responses": [
                        "200": response("Frames", ["type": "array", "items": ["type": "object"]]), "400": error, "404": error, "422": error,
                    ],
                ],
            ],
            "/api/v1/id-tokens": [
                "get": [
                    "summary": "List id tokens", "responses": ["200": response("Tokens", ["type": "array", "items": ref("IdToken")])],
                ],
                "post": [
                    "summary": "Add or replace an id token",
                    "requestBody": ["required": true, "content": json(ref("NewIdToken"))],
                    "responses": ["201": response("Stored", ref("IdToken")), "400": error, "422": error],
                ],
            ],
            "/api/v1/id-tokens/{type}/{idToken}": [
                "parameters": [pathParameter("type", "IdTokenEnumType"), pathParameter("idToken", "The token")],
                "delete": ["summary": "Remove an id token", "responses": ["204": response("Removed"), "400": error, "404": error]],
            ],
            "/api/v1/transactions": [
                "get": [
                    "summary": "List transactions, newest first",
                    "parameters": [
                        queryParameter("stationId", "string", "Only this station's"),
                        queryParameter("active", "boolean", "Only active (true) or ended (false) ones"),
                    ],
                    "responses": ["200": response("Transactions", ["type": "array", "items": ref("Transaction")]), "422": error],
                ]
            ],
            "/api/v1/transactions/{transactionId}": [
                "parameters": [
                    pathParameter("transactionId", "Transaction id given by the station"),
                    queryParameter("stationId", "string", "Disambiguates when two stations used the same id"),
                ],
                "get": [
                    "summary": "A transaction with every TransactionEvent received and its meter values",
                    "responses": ["200": response("Transaction", ref("TransactionDetail")), "400": error, "404": error, "409": error],
                ],
            ],
        ],
        "components": [
            "schemas": [
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
            ]
        ],
    ]
}
