import OCPP
import Testing

/// Schema violations map to the Table 8 codes documented on `OCPPValidator`, with a JSON pointer to the field.
@Suite struct OCPPValidatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var action: OCPPAction
        var direction: OCPPValidator.Direction = .request
        var payload: JSONValue
        var code: RPCErrorCode
        var path: String
        var testDescription: String { name }
    }

    static let boot: JSONValue = ["reason": "PowerUp", "chargingStation": ["model": "M", "vendorName": "V"]]

    static let cases: [Case] = [
        Case(
            name: "missing required", action: .bootNotification, payload: ["reason": "PowerUp"],
            code: .occurrenceConstraintViolation, path: "/chargingStation"),
        Case(
            name: "missing nested required", action: .bootNotification,
            payload: ["reason": "PowerUp", "chargingStation": ["model": "M"]],
            code: .occurrenceConstraintViolation, path: "/chargingStation/vendorName"),
        Case(
            name: "wrong type", action: .bootNotification,
            payload: ["reason": "PowerUp", "chargingStation": ["model": 12, "vendorName": "V"]],
            code: .typeConstraintViolation, path: "/chargingStation/model"),
        Case(
            name: "null for an optional field", action: .bootNotification,
            payload: ["reason": "PowerUp", "chargingStation": ["model": "M", "vendorName": "V", "modem": nil]],
            code: .typeConstraintViolation, path: "/chargingStation/modem"),
        Case(
            name: "bad enum", action: .bootNotification,
            payload: ["reason": "Bored", "chargingStation": ["model": "M", "vendorName": "V"]],
            code: .propertyConstraintViolation, path: "/reason"),
        Case(
            name: "too-long string", action: .bootNotification,
            payload: ["reason": "PowerUp", "chargingStation": ["model": "ABCDEFGHIJKLMNOPQRSTU", "vendorName": "V"]],
            code: .propertyConstraintViolation, path: "/chargingStation/model"),
        Case(
            name: "empty array", action: .meterValues, payload: ["evseId": 1, "meterValue": []],
            code: .occurrenceConstraintViolation, path: "/meterValue"),
        Case(
            name: "required array empty", action: .getVariables, payload: ["getVariableData": []],
            code: .occurrenceConstraintViolation, path: "/getVariableData"),
        Case(
            name: "unknown property", action: .heartbeat, payload: ["idTag": "1.6-style"],
            code: .formatViolation, path: "/idTag"),
        Case(
            name: "bad date", action: .heartbeat, direction: .response, payload: ["currentTime": "yesterday"],
            code: .typeConstraintViolation, path: "/currentTime"),
        Case(
            name: "out-of-range number", action: .notifyEVChargingNeeds,
            payload: [
                "evseId": 1,
                "chargingNeeds": [
                    "requestedEnergyTransfer": "DC",
                    "dcChargingParameters": ["evMaxCurrent": 100, "evMaxVoltage": 400, "stateOfCharge": 120],
                ],
            ], code: .propertyConstraintViolation, path: "/chargingNeeds/dcChargingParameters/stateOfCharge"),
        Case(
            name: "integer field with fraction", action: .bootNotification, direction: .response,
            payload: ["currentTime": "2026-01-02T03:04:05Z", "interval": 1.5, "status": "Accepted"],
            code: .typeConstraintViolation, path: "/interval"),
        Case(
            name: "array element path", action: .meterValues,
            payload: ["evseId": 1, "meterValue": [["timestamp": "2026-01-02T03:04:05Z", "sampledValue": [["value": "high"]]]]],
            code: .typeConstraintViolation, path: "/meterValue/0/sampledValue/0/value"),
        Case(
            name: "payload not an object", action: .heartbeat, payload: [1], code: .typeConstraintViolation, path: ""),
    ]

    @Test(arguments: cases)
    func reportsTheTableCodeAndPointer(_ testCase: Case) throws {
        let failures = OCPPValidator.shared.validate(testCase.payload, action: testCase.action, direction: testCase.direction)
        let first = try #require(failures.first)
        #expect(first.code == testCase.code)
        #expect(first.path == testCase.path)
    }

    @Test func arrayAboveMaxItemsIsAnOccurrenceViolation() throws {
        // SetVariableMonitoring is unbounded, but NotifyEVChargingSchedule's schedule periods cap at 1024.
        let periods = JSONValue.array(Array(repeating: ["startPeriod": 0, "limit": 1], count: 1025))
        let payload: JSONValue = [
            "timeBase": "2026-01-02T03:04:05Z", "evseId": 1,
            "chargingSchedule": ["id": 1, "chargingRateUnit": "W", "chargingSchedulePeriod": periods],
        ]
        let failures = OCPPValidator.shared.validate(payload, action: .notifyEVChargingSchedule, direction: .request)
        let first = try #require(failures.first)
        #expect(first.code == .occurrenceConstraintViolation)
        #expect(first.path == "/chargingSchedule/chargingSchedulePeriod")
    }

    @Test func acceptsAValidPayloadAndCustomDataExtensions() {
        var payload = Self.boot
        if case .object(var members) = payload {
            members["customData"] = ["vendorId": "org.busbar", "anything": [1, 2]]
            payload = .object(members)
        }
        #expect(OCPPValidator.shared.validate(payload, action: .bootNotification, direction: .request).isEmpty)
    }

    @Test func reportsAllViolationsNotJustTheFirst() {
        let payload: JSONValue = ["reason": "Bored", "chargingStation": ["model": 1], "extra": true]
        let failures = OCPPValidator.shared.validate(payload, action: .bootNotification, direction: .request)
        #expect(failures.map(\.path) == ["/extra", "/chargingStation/vendorName", "/chargingStation/model", "/reason"])
    }

    @Test func failureBecomesACallErrorWithThePointer() {
        let failure = ValidationFailure(
            code: .occurrenceConstraintViolation, path: "/chargingStation", reason: "required member \"chargingStation\" is missing")
        let error = failure.callError(messageId: "m1")
        #expect(error.errorCode == .occurrenceConstraintViolation)
        #expect(error.errorDescription == #"/chargingStation: required member "chargingStation" is missing"#)
        #expect(error.errorDetails == ["path": "/chargingStation"])
    }

    @Test func decodeRequestThrowsTheCallErrorForAnInvalidPayload() {
        #expect(throws: RPCCallError.self) {
            try OCPPValidator.shared.decodeRequest(BootNotificationRequest.self, from: ["reason": "PowerUp"], messageId: "m1")
        }
    }
}
