import Foundation
import OCPP
import Testing

@Suite struct JSONValueTests {
    @Test func parsesEveryJSONKindAndKeepsBooleansApartFromNumbers() throws {
        let value = try JSONValue(parsing: #" {"a": [true, 1, 1.5, -2e3, null, "x"], "b": {}} "#)
        #expect(value == ["a": [true, 1, 1.5, -2000, nil, "x"], "b": [:]])
        #expect(value["a"]?[0] == .bool(true))
        #expect(value["a"]?[1] == .number(1))
        #expect(value["missing"] == nil)
    }

    @Test func decodesStringEscapesIncludingSurrogatePairs() throws {
        let value = try JSONValue(parsing: #""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\n\té😀"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"abc", "\"\u{01}\"", "[1] x", "{'a':1}",
        "\"\\x\"", "\"\\ud800\"", "NaN",
    ])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    /// RFC 8259 §6 allows any exponent; refusing "1e999" as malformed would answer a station with
    /// RpcFrameworkError and MessageId -1 instead of naming the field (see `ExactnessCheck`).
    @Test func keepsNumbersADoubleCannotHoldAsMarkers() throws {
        #expect(try JSONValue(parsing: "1e999") == .number(.infinity))
        #expect(try JSONValue(parsing: "-1e999") == .number(-.infinity))
        #expect(try JSONValue(parsing: "1e-999").doubleValue?.isNaN == true, "a non-zero number is never read as 0")
        #expect(try JSONValue(parsing: "-0.0001e-400").doubleValue?.isNaN == true)
        #expect(try JSONValue(parsing: "0e-999") == .number(0), "zero is zero")
        #expect(try JSONValue(parsing: "0.000e5") == .number(0))
        #expect(try JSONValue(parsing: "4.9e-324") == .number(4.9e-324), "the smallest subnormal is kept")
    }

    @Test func rejectsInvalidUTF8Bytes() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22] as [UInt8]) }
    }

    @Test func rejectsNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }

    @Test func serializesCompactlyWithIntegralNumbersWithoutFraction() {
        let value: JSONValue = ["interval": 300, "ratio": 0.5, "neg": -7, "big": 1e20, "list": [true, nil]]
        #expect(value.serialized() == #"{"big":1e+20,"interval":300,"list":[true,null],"neg":-7,"ratio":0.5}"#)
    }

    @Test func escapesStringsPerRFC8259() throws {
        let value = JSONValue.string("q\"b\\n\nt\tc\u{01}é/")
        #expect(value.serialized() == #""q\"b\\n\nt\tc\u0001é/""#)
        #expect(try JSONValue(parsing: value.serialized()) == value)
    }

    @Test func roundTripsThroughTextAndBytes() throws {
        let text = #"{"x":[1,2.25,"s",{"y":false}],"z":null}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == text)
        #expect(try JSONValue(parsing: Array(text.utf8)) == value)
    }

    @Test func codableWorksWithFoundationCoders() throws {
        let value: JSONValue = ["a": [1, "two", true, nil], "b": ["c": 2.5]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }
}
