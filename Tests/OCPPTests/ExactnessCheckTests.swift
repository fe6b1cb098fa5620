import Testing

import OCPP

/// `ExactnessCheck` without sockets: which values no CSMS can keep exactly, and where they are.
@Suite struct ExactnessCheckTests {
    private func violation(_ json: String) throws -> ValidationFailure? {
        ExactnessCheck.firstViolation(in: try JSONValue(parsing: json))
    }

    @Test func refusesNulAnywhereAndNamesThePointer() throws {
        let failure = try #require(try violation(#"{"idToken":{"idToken":"TAG1\u0000junk","type":"ISO14443"}}"#))
        #expect(failure.code == .propertyConstraintViolation)
        #expect(failure.path == "/idToken/idToken")
        #expect(failure.reason.contains("U+0000 at character 4"))
        #expect(try violation(#"{"data":["ok","x\u0000"]}"#)?.path == "/data/1")
    }

    @Test func refusesControlCharactersInIdentifiersOnly() throws {
        #expect(try violation(#"{"transactionInfo":{"transactionId":"TX\u0007"}}"#)?.path == "/transactionInfo/transactionId")
        #expect(try violation(#"{"chargingStation":{"serialNumber":"SN\u009B"}}"#)?.reason.contains("U+009B") == true)
        #expect(try violation(#"{"techInfo":"line 1\nline 2\tend"}"#) == nil, "free text may hold line breaks")
        #expect(try violation(#"{"idToken":{"idToken":"Zoë-✓-🔌","type":"Central"}}"#) == nil)
    }

    @Test func refusesNumbersADoubleCannotHold() throws {
        let path = "/meterValue/0/sampledValue/0/value"
        #expect(try violation(#"{"meterValue":[{"sampledValue":[{"value":1e400}]}]}"#)?.path == path)
        #expect(try violation(#"{"meterValue":[{"sampledValue":[{"value":-1e-400}]}]}"#)?.path == path)
        #expect(try violation(#"{"meterValue":[{"sampledValue":[{"value":4.9e-324}]}]}"#) == nil)
        #expect(try violation(#"{"meterValue":[{"sampledValue":[{"value":1.7976931348623157e308}]}]}"#) == nil)
    }
}
