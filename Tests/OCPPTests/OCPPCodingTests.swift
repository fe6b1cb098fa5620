import Foundation
import OCPP
import Testing

@Suite struct OCPPCodingTests {
    @Test(arguments: [
        ("2026-01-02T03:04:05Z", 1_767_323_045.0),
        ("2026-01-02T03:04:05.678Z", 1_767_323_045.678),
        ("2026-01-02T05:04:05.678+02:00", 1_767_323_045.678),
        ("2026-01-01T22:04:05-05:00", 1_767_323_045.0),
        ("2026-01-02t03:04:05z", 1_767_323_045.0),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
    ])
    func parsesRFC3339DateTimes(text: String, seconds: Double) throws {
        let date = try #require(OCPPDateTime.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.0005)
    }

    @Test(arguments: [
        "2026-01-02", "2026-01-02T03:04:05", "2026-13-02T03:04:05Z", "2025-02-29T00:00:00Z",
        "2026-01-02T24:00:00Z", "2026-01-02T03:04:05.Z", "2026-01-02 03:04:05Z", "2026-01-02T03:04:05+0200", "",
    ])
    func rejectsNonRFC3339DateTimes(text: String) {
        #expect(OCPPDateTime.parse(text) == nil)
    }

    @Test func formatsDatesAsUTCWithMilliseconds() {
        #expect(OCPPDateTime.format(Date(timeIntervalSince1970: 1_767_323_045.678)) == "2026-01-02T03:04:05.678Z")
        #expect(OCPPDateTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(OCPPDateTime.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func encodesTypedMessageOmittingAbsentOptionals() throws {
        let response = BootNotificationResponse(
            currentTime: Date(timeIntervalSince1970: 1_767_323_045.678), interval: 300, status: .accepted)
        let json = try OCPPCoding.encode(response)
        #expect(json.serialized() == #"{"currentTime":"2026-01-02T03:04:05.678Z","interval":300,"status":"Accepted"}"#)
        #expect(try OCPPCoding.decode(BootNotificationResponse.self, from: json) == response)
    }

    @Test func customDataKeepsUnknownVendorMembers() throws {
        let payload: JSONValue = ["vendorId": "org.busbar", "rack": 3, "tags": ["a"]]
        let custom = try OCPPCoding.decode(CustomDataType.self, from: payload)
        #expect(custom.vendorId == "org.busbar")
        #expect(custom.additionalProperties == ["rack": 3, "tags": ["a"]])
        #expect(try OCPPCoding.encode(custom) == payload)
    }

    @Test func rejectsFractionalNumberForIntegerField() {
        let payload: JSONValue = ["currentTime": "2026-01-02T03:04:05Z", "interval": 1.5, "status": "Accepted"]
        #expect(throws: DecodingError.self) { try OCPPCoding.decode(BootNotificationResponse.self, from: payload) }
    }

    @Test func enumCaseNamesAreLowerCamelOfTheRawValue() {
        #expect(BootReasonEnumType.powerUp.rawValue == "PowerUp")
        #expect(MeasurandEnumType.energyActiveImportRegister.rawValue == "Energy.Active.Import.Register")
        #expect(MeasurandEnumType.soc.rawValue == "SoC")
        #expect(PhaseEnumType.l1N.rawValue == "L1-N")
        #expect(IdTokenEnumType.emaid.rawValue == "eMAID")
    }
}
