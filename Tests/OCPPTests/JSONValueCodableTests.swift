import Foundation
import OCPP
import Testing

/// The generated `JSONValueCodable` fast path against the Codable path it replaces inside `OCPPCoding`: same
/// values, same payloads, same `DecodingError`s, over every action and the awkward corners (dates, CustomData
/// extras, `null`, bad input).
@Suite struct JSONValueCodableTests {
    static let vectors: [(String, OCPPAction, Bool)] = [
        ("part4-call-bootnotification", .bootNotification, true), ("call-bootnotification-full", .bootNotification, true),
        ("call-authorize", .authorize, true), ("call-transactionevent-updated", .transactionEvent, true),
        ("call-notifyreport", .notifyReport, true), ("call-setchargingprofile", .setChargingProfile, true),
        ("part4-callresult-bootnotification", .bootNotification, false), ("callresult-authorize", .authorize, false),
    ]

    // MARK: same values and payloads

    @Test func everyGeneratedMessageTakesTheFastPath() {
        for action in OCPPAction.allCases {
            #expect(action.requestType is any JSONValueCodable.Type, "\(action.rawValue)Request")
            #expect(action.responseType is any JSONValueCodable.Type, "\(action.rawValue)Response")
        }
    }

    @Test(arguments: SchemaCoverageTests.actions)
    func synthesizedPayloadsGiveTheSameValueOnBothPaths(action name: String) throws {
        let action = try #require(OCPPAction(rawValue: name))
        for (suffix, isRequest) in [("Request", true), ("Response", false)] {
            let schema = try TestSupport.schema(name + suffix)
            for full in [false, true] {
                var synthesizer = PayloadSynthesizer(definitions: schema["definitions"]?.objectValue ?? [:], full: full)
                let payload = synthesizer.value(for: schema)
                if isRequest {
                    try expectBothPathsAgree(action.requestType, payload)
                } else {
                    try expectBothPathsAgree(action.responseType, payload)
                }
            }
        }
    }

    @Test(arguments: vectors)
    func vectorsGiveTheSameValueOnBothPaths(name: String, action: OCPPAction, isCall: Bool) throws {
        let payload: JSONValue
        switch try RPCMessage.parse(try TestSupport.vector(name)) {
        case .call(let call): payload = call.payload
        case .callResult(let result): payload = result.payload
        default: throw VectorError.unexpectedFrame(name)
        }
        if isCall {
            try expectBothPathsAgree(action.requestType, payload)
        } else {
            try expectBothPathsAgree(action.responseType, payload)
        }
    }

    @Test func transactionEventWithTwelveSampledValuesMatchesCodable() throws {
        let payload = Self.transactionEvent(sampledValues: 12)
        try expectBothPathsAgree(TransactionEventRequest.self, payload)
        let event = try OCPPCoding.decode(TransactionEventRequest.self, from: payload)
        let samples = try #require(event.meterValue?.first?.sampledValue)
        #expect(samples.count == 12)
        #expect(samples[3].phase == .l1N)
        #expect(samples[4].unitOfMeasure?.multiplier == 3)
        #expect(samples[5].signedMeterValue?.publicKey == "pk")
        #expect(event.meterValue?.first?.sampledValue[0].customData?.additionalProperties == ["vendorTag": "t0"])
        #expect(try OCPPCoding.encode(event) == payload)
    }

    @Test(arguments: [
        "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.678Z", "2026-01-02T05:04:05.678+02:00", "2026-01-01T22:04:05-05:00",
        "2026-01-02t03:04:05z", "2024-02-29T00:00:00Z", "2026-01-02T03:04:05.678901+02:00", "2026-01-02T03:04:05.1Z",
        "2016-12-31T23:59:60Z",
    ])
    func dateTimesDecodeAndEncodeTheSameOnBothPaths(text: String) throws {
        let payload: JSONValue = ["currentTime": .string(text), "interval": 300, "status": "Accepted"]
        let fast = try OCPPCoding.decode(BootNotificationResponse.self, from: payload)
        let reference = try OCPPCoding.decode(ViaCodable<BootNotificationResponse>.self, from: payload).value
        #expect(fast.currentTime == reference.currentTime)
        #expect(fast.currentTime == OCPPDateTime.parse(text))
        let encoded = try OCPPCoding.encode(fast)
        #expect(encoded == (try OCPPCoding.encode(ViaCodable(reference))))
        #expect(encoded["currentTime"] == .string(OCPPDateTime.format(reference.currentTime)))
    }

    @Test func customDataExtrasAreKeptLikeCodable() throws {
        let payload: JSONValue = [
            "idToken": [
                "idToken": "04A2B3C4D5E680", "type": "ISO14443",
                "customData": [
                    "vendorId": "org.busbar", "rack": 3, "tags": ["a", nil], "nested": ["deep": [1.5]], "gone": nil,
                ],
            ],
            "customData": ["vendorId": "org.other"],
        ]
        try expectBothPathsAgree(AuthorizeRequest.self, payload)
        let request = try OCPPCoding.decode(AuthorizeRequest.self, from: payload)
        #expect(
            request.idToken.customData?.additionalProperties
                == ["rack": 3, "tags": ["a", nil], "nested": ["deep": [1.5]], "gone": nil])
        #expect(request.customData?.additionalProperties == [:])
    }

    @Test func namedMemberWinsOverSameNamedExtraWhenEncoding() throws {
        let custom = CustomDataType(vendorId: "org.busbar", additionalProperties: ["vendorId": "stale", "x": true])
        let fast = try OCPPCoding.encode(custom)
        #expect(fast == ["vendorId": "org.busbar", "x": true])
        #expect(fast == (try OCPPCoding.encode(ViaCodable(custom))))
    }

    @Test func nullOptionalMembersCountAsAbsentOnBothPaths() throws {
        let payload: JSONValue = [
            "currentTime": "2026-01-02T03:04:05Z", "interval": 300, "status": "Accepted", "statusInfo": nil,
            "customData": nil,
        ]
        try expectBothPathsAgree(BootNotificationResponse.self, payload, encodesBack: false)
        let response = try OCPPCoding.decode(BootNotificationResponse.self, from: payload)
        #expect(response.statusInfo == nil)
        #expect(try OCPPCoding.encode(response) == ["currentTime": "2026-01-02T03:04:05.000Z", "interval": 300, "status": "Accepted"])
    }

    @Test func freeFormDataIsTakenAsIs() throws {
        let payload: JSONValue = ["vendorId": "org.busbar", "messageId": "m", "data": ["a": [1, "two", nil, ["b": false]]]]
        try expectBothPathsAgree(DataTransferRequest.self, payload)
        #expect(try OCPPCoding.decode(DataTransferRequest.self, from: payload).data == payload["data"])
    }

    @Test func arraysOfGeneratedTypesTakeTheFastPathToo() throws {
        let payload: JSONValue = [["unit": "Wh", "multiplier": 3], ["unit": "W"]]
        let fast = try OCPPCoding.decode([UnitOfMeasureType].self, from: payload)
        #expect(fast == (try OCPPCoding.decode(ViaCodable<[UnitOfMeasureType]>.self, from: payload).value))
        #expect(try OCPPCoding.encode(fast) == payload)
    }

    // MARK: same errors, naming the field

    @Test func missingRequiredMemberNamesItsKeyAndParent() {
        var payload = Self.transactionEvent(sampledValues: 3)
        payload = payload.replacing(["meterValue", 0, "sampledValue", 2, "value"], with: nil)
        expectSameError(
            TransactionEventRequest.self, payload,
            #"keyNotFound value at meterValue[0].sampledValue[2]: required member "value" is missing"#)
        expectSameError(
            BootNotificationResponse.self, ["interval": 300, "status": "Accepted"],
            #"keyNotFound currentTime at $: required member "currentTime" is missing"#)
    }

    @Test func wrongTypesNameTheField() {
        let event = Self.transactionEvent(sampledValues: 3)
        expectSameError(
            TransactionEventRequest.self, event.replacing(["meterValue", 0, "sampledValue", 1, "value"], with: "11040"),
            "typeMismatch Double at meterValue[0].sampledValue[1].value: expected Double, found string")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["seqNo"], with: "7"),
            "typeMismatch Int at seqNo: expected Int, found string")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["offline"], with: 0),
            "typeMismatch Bool at offline: expected Bool, found number")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["transactionInfo", "transactionId"], with: 42),
            "typeMismatch String at transactionInfo.transactionId: expected String, found number")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["meterValue"], with: ["timestamp": "x"]),
            "typeMismatch Array<JSONValue> at meterValue: expected an array, found object")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["evse"], with: [1]),
            "typeMismatch Dictionary<String, JSONValue> at evse: expected an object, found array")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["transactionInfo"], with: nil, keepingNull: true),
            "typeMismatch Dictionary<String, JSONValue> at transactionInfo: expected an object, found null")
        expectSameError(
            TransactionEventRequest.self, "not an object",
            "typeMismatch Dictionary<String, JSONValue> at $: expected an object, found string")
    }

    @Test func integersMustBeIntegral() {
        let event = Self.transactionEvent(sampledValues: 1)
        expectSameError(
            TransactionEventRequest.self, event.replacing(["seqNo"], with: 7.5),
            "dataCorrupted at seqNo: 7.5 is not an integer that fits Int")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["evse", "id"], with: 1e300),
            "dataCorrupted at evse.id: 1e+300 is not an integer that fits Int")
    }

    @Test func unknownEnumValuesNameTheField() {
        let event = Self.transactionEvent(sampledValues: 3)
        expectSameError(
            TransactionEventRequest.self, event.replacing(["eventType"], with: "Paused"),
            "dataCorrupted at eventType: Cannot initialize TransactionEventEnumType from invalid String value Paused")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["meterValue", 0, "sampledValue", 1, "measurand"], with: "Power.Bogus"),
            "dataCorrupted at meterValue[0].sampledValue[1].measurand: "
                + "Cannot initialize MeasurandEnumType from invalid String value Power.Bogus")
        expectSameError(
            TransactionEventRequest.self, event.replacing(["triggerReason"], with: 3),
            "typeMismatch String at triggerReason: expected String, found number")
    }

    @Test func badDateTimesNameTheField() {
        let event = Self.transactionEvent(sampledValues: 1)
        expectSameError(
            TransactionEventRequest.self, event.replacing(["meterValue", 0, "timestamp"], with: "2026-01-02T03:04:05"),
            #"dataCorrupted at meterValue[0].timestamp: "2026-01-02T03:04:05" is not an RFC 3339 date-time"#)
        expectSameError(
            TransactionEventRequest.self, event.replacing(["timestamp"], with: 1_767_323_045),
            "typeMismatch Date at timestamp: expected Date, found number")
    }

    @Test func customDataStillNeedsItsVendorId() {
        let payload: JSONValue = ["idToken": ["idToken": "A", "type": "Central", "customData": ["rack": 3]]]
        expectSameError(
            AuthorizeRequest.self, payload,
            #"keyNotFound vendorId at idToken.customData: required member "vendorId" is missing"#)
    }

    // MARK: helpers

    private enum VectorError: Error { case unexpectedFrame(String) }

    /// Decodes `payload` on both paths and directly, expects equal values, and (unless `encodesBack` is false because
    /// the payload holds `null`s that encoding drops) expects both encodings to give the payload back.
    private func expectBothPathsAgree<T: Codable & Equatable>(
        _ type: T.Type, _ payload: JSONValue, encodesBack: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let fastType = try #require(T.self as? any JSONValueCodable.Type, "\(T.self) has no fast path")
        let fast = try OCPPCoding.decode(T.self, from: payload)
        let reference = try OCPPCoding.decode(ViaCodable<T>.self, from: payload).value
        #expect(fast == reference, "\(T.self) decodes differently", sourceLocation: sourceLocation)
        let direct = try fastType.init(jsonValue: payload)
        #expect(direct as? T == reference, sourceLocation: sourceLocation)
        let encoded = try OCPPCoding.encode(fast)
        #expect(encoded == (try OCPPCoding.encode(ViaCodable(reference))), "\(T.self) encodes differently", sourceLocation: sourceLocation)
        #expect((fast as? any JSONValueCodable)?.jsonValue == encoded, sourceLocation: sourceLocation)
        if encodesBack {
            #expect(encoded == payload, "\(T.self) did not round-trip", sourceLocation: sourceLocation)
        }
    }

    /// Expects the fast path to throw `expected` and the Codable path to throw the very same error.
    private func expectSameError<T: Codable>(
        _ type: T.Type, _ payload: JSONValue, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let fast = DecodingErrorSummary.of { _ = try OCPPCoding.decode(T.self, from: payload) }
        let reference = DecodingErrorSummary.of { _ = try OCPPCoding.decode(ViaCodable<T>.self, from: payload) }
        #expect(fast == expected, sourceLocation: sourceLocation)
        #expect(fast == reference, "the Codable path throws differently", sourceLocation: sourceLocation)
    }

    /// A TransactionEvent Updated with `count` sampled values exercising every member kind of SampledValueType.
    static func transactionEvent(sampledValues count: Int) -> JSONValue {
        let measurands: [JSONValue] = ["Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Voltage", "SoC"]
        let phases: [JSONValue] = ["L1", "L2", "L3", "L1-N"]
        var samples: [JSONValue] = []
        for index in 0..<count {
            var sample: [String: JSONValue] = [
                "value": .number(Double(index) * 10.25 + 1), "measurand": measurands[index % measurands.count],
            ]
            if index % 4 == 3 { sample["phase"] = phases[index % phases.count] }
            if index % 3 == 1 { sample["unitOfMeasure"] = ["unit": "kWh", "multiplier": 3] }
            if index % 6 == 5 {
                sample["signedMeterValue"] = [
                    "signedMeterData": "c2lnbmVk", "signingMethod": "ECDSA", "encodingMethod": "OCMF", "publicKey": "pk",
                ]
            }
            if index == 0 {
                sample["context"] = "Sample.Periodic"
                sample["location"] = "Outlet"
                sample["customData"] = ["vendorId": "org.busbar", "vendorTag": "t0"]
            }
            samples.append(.object(sample))
        }
        return [
            "eventType": "Updated", "timestamp": "2026-01-02T03:04:05.678Z", "triggerReason": "MeterValuePeriodic",
            "seqNo": 7, "offline": false, "numberOfPhasesUsed": 3,
            "transactionInfo": ["transactionId": "7f0c2a9e-tx", "chargingState": "Charging", "timeSpentCharging": 1830],
            "evse": ["id": 1, "connectorId": 1],
            "idToken": ["idToken": "04A2B3C4D5E680", "type": "ISO14443"],
            "meterValue": [["timestamp": "2026-01-02T03:04:00.000Z", "sampledValue": .array(samples)]],
        ]
    }
}

extension JSONValue {
    /// This value with the member or element at `path` replaced; `nil` removes a member unless `keepingNull`.
    func replacing(_ path: [JSONPathStep], with replacement: JSONValue?, keepingNull: Bool = false) -> JSONValue {
        guard let step = path.first else { return replacement ?? .null }
        let rest = Array(path.dropFirst())
        switch (self, step) {
        case (.object(var members), .key(let key)):
            if rest.isEmpty, replacement == nil, !keepingNull {
                members.removeValue(forKey: key)
            } else {
                members[key] = (members[key] ?? .null).replacing(rest, with: replacement, keepingNull: keepingNull)
            }
            return .object(members)
        case (.array(var elements), .index(let index)):
            elements[index] = elements[index].replacing(rest, with: replacement, keepingNull: keepingNull)
            return .array(elements)
        default:
            return self
        }
    }
}

/// One step of a path into a `JSONValue`, written as a string or integer literal.
enum JSONPathStep: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}
