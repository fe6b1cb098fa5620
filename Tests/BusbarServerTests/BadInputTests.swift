import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// What a booted station gets back for a frame the CSMS cannot accept (Part 4 §4.1–§4.4): exactly
/// one CALLERROR with the right MessageId and error code, the same connection still usable, and
/// nothing stored for the refused message.
@Suite("Bad input from a station, end to end")
struct BadInputTests {
    @Test(
        "Part 4 §4.2.3 / Table 8 — a bad frame is answered with one CALLERROR; the connection stays usable and nothing is stored",
        arguments: BadFrame.all)
    func badFrameIsAnsweredWithCallError(_ bad: BadFrame) async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-BAD")
            let before = try await storedState(server, "CS-BAD")

            let reply = try await station.sendRawAndAwaitReply(bad.frame)
            let elements = JSONValue.frame(reply)
            #expect(elements.count == 5, "a CALLERROR has 5 elements (Table 7): \(reply)")
            #expect(elements.first?.intValue == 4, "MessageTypeId 4 (CALLERROR): \(reply)")
            #expect(elements[safe: 1]?.stringValue == bad.messageId, "MessageId: \(reply)")
            #expect(elements[safe: 2]?.stringValue == bad.errorCode, "errorCode: \(reply)")
            let description = elements[safe: 3]?.stringValue
            #expect(description != nil && description!.count <= 255, "errorDescription is string[255] (Table 7): \(reply)")
            #expect(elements[safe: 4]?.objectValue != nil, "errorDetails is an object (Table 7): \(reply)")

            // The same connection still answers, and answered the bad frame exactly once.
            _ = try await station.heartbeat()
            #expect(await station.unreadRawFrames.isEmpty, "no second answer to the bad frame")
            #expect(await station.connectionState == .connected)
            #expect(try await storedState(server, "CS-BAD") == before, "nothing stored for the refused message")
            await station.disconnect()
        }
    }

    // MARK: Part 4 §4.1.4 / §4.2.2 / §4.2.3 — answers are matched by MessageId

    @Test("Part 4 §4.1.4 — a CALLRESULT or CALLERROR for a message id the CSMS never sent gets no reply at all")
    func answerForUnknownMessageIdIsIgnored() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-BAD-ANSWER")
            try await station.sendRaw(#"[3,"nobody-asked-1",{"status":"Accepted"}]"#)
            try await station.sendRaw(#"[4,"nobody-asked-2","GenericError","",{}]"#)
            // A CALLERROR is never answered, even a malformed one (no CALLERROR loops).
            try await station.sendRaw(#"[4,"nobody-asked-3"]"#)
            try await station.sendRaw(#"[4,"nobody-asked-4",17,"",{}]"#)
            // Frames are handled in order: the next frame the CSMS sends is the Heartbeat's answer.
            let reply = JSONValue.frame(try await station.sendRawAndAwaitReply(#"[2,"hb-after-1","Heartbeat",{}]"#))
            #expect(reply.first?.intValue == 3)
            #expect(reply[safe: 1]?.stringValue == "hb-after-1")
            #expect(await station.unreadRawFrames.isEmpty)
            await station.disconnect()
        }
    }

    @Test("Part 4 §4.1.4 — the same message id with other content is an RpcFrameworkError")
    func reusedMessageIdWithOtherContentIsRefused() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-BAD-DUP")
            let evsesBefore = try await server.api.get("/api/v1/stations/CS-BAD-DUP").body["evses"]
            let first = JSONValue.frame(try await station.sendRawAndAwaitReply(#"[2,"dup-1","Heartbeat",{}]"#))
            #expect(first.first?.intValue == 3)
            let status = #"{"timestamp":"2025-01-01T00:00:00Z","connectorStatus":"Faulted","evseId":1,"connectorId":1}"#
            let reused = JSONValue.frame(try await station.sendRawAndAwaitReply(#"[2,"dup-1","StatusNotification",\#(status)]"#))
            #expect(reused.first?.intValue == 4)
            #expect(reused[safe: 1]?.stringValue == "dup-1")
            #expect(reused[safe: 2]?.stringValue == "RpcFrameworkError")
            let detail = try await server.api.get("/api/v1/stations/CS-BAD-DUP")
            #expect(detail.body["evses"] == evsesBefore, "the refused StatusNotification was not stored: \(detail.text)")
            _ = try await station.heartbeat()
            await station.disconnect()
        }
    }

    @Test("Part 4 §4.1.4 / E12 — the same CALL again under the same id gets the same answer and is stored once")
    func repeatedCallIsAnsweredAgainAndStoredOnce() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-BAD-REPEAT")
            try await server.addToken("REPEAT-DRIVER")
            let event = """
                [2,"repeat-1","TransactionEvent",{"eventType":"Started","timestamp":"2025-01-01T00:00:00Z",\
                "triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"TX-REPEAT"},\
                "idToken":{"idToken":"REPEAT-DRIVER","type":"ISO14443"},"evse":{"id":1,"connectorId":1},\
                "meterValue":[{"timestamp":"2025-01-01T00:00:00Z","sampledValue":[{"value":1234.5,"measurand":"Energy.Active.Import.Register"}]}]}]
                """
            let first = try await station.sendRawAndAwaitReply(event)
            let second = try await station.sendRawAndAwaitReply(event)
            #expect(JSONValue.frame(first).first?.intValue == 3, "\(first)")
            #expect(second == first, "the repeated CALL gets the very same answer")
            let heartbeat = try await station.sendRawAndAwaitReply(#"[2,"repeat-hb","Heartbeat",{}]"#)
            #expect(try await station.sendRawAndAwaitReply(#"[2,"repeat-hb","Heartbeat",{}]"#) == heartbeat, "replayed, not run again")
            let detail = try await server.api.get("/api/v1/transactions/TX-REPEAT")
            #expect(detail.status == 200)
            #expect(detail.body["events"]?.arrayValue?.count == 1)
            #expect(detail.body["meterValues"]?.arrayValue?.count == 1)
            await station.disconnect()
        }
    }

    // MARK: message size — BusbarConfiguration.maxMessageSize, RFC 6455 §7.4.1 (1009 message too big)

    @Test(
        "RFC 6455 §7.4.1 — a message over maxMessageSize closes that connection with 1009; the server keeps serving others",
        arguments: [false, true])
    func oversizedMessageClosesTheConnection(compressed: Bool) async throws {
        try await withRunningServer(configure: { $0.maxMessageSize = 4096 }) { server in
            let bystander = try await server.bootedStation("CS-BAD-BYSTANDER")
            let password = try await server.addStation("CS-BAD-BIG")
            // With compression the frame on the wire is small; the limit must hold for the inflated message.
            let station = server.simulator("CS-BAD-BIG", password: password, compression: compressed)
            try await station.connect()
            _ = try await station.boot()
            let big = String(repeating: "a", count: 16_384)
            try await station.sendRaw(#"[2,"big-1","DataTransfer",{"vendorId":"com.example","data":"\#(big)"}]"#)
            let state = try await station.waitUntilClosed()
            guard case .closed(let code, _, _) = state else {
                Issue.record("the oversized message did not close the connection: \(state)")
                return
            }
            #expect(code == 1009, "closed with 1009 (message too big), got \(String(describing: code))")
            #expect(try await eventually { try await server.api.get("/api/v1/stations/CS-BAD-BIG").body["connected"] == .bool(false) })
            try await expectStillServing(server, bystander)
            // The station itself may reconnect and carry on (Part 4 §5.3: no new boot needed).
            let again = server.simulator("CS-BAD-BIG", password: password, compression: compressed)
            try await again.connect()
            _ = try await again.heartbeat()
            await again.disconnect()
            await bystander.disconnect()
        }
    }

    @Test("maxMessageSize — a message just under the limit is still accepted")
    func messageUnderTheLimitIsAccepted() async throws {
        try await withRunningServer(configure: { $0.maxMessageSize = 4096 }) { server in
            let station = try await server.bootedStation("CS-BAD-FITS")
            let data = String(repeating: "a", count: 3_000)
            let answer = try await station.call(action: "DataTransfer", payload: ["vendorId": "com.example", "data": .string(data)])
            #expect(answer["status"] != nil)
            await station.disconnect()
        }
    }

    // MARK: Part 4 §4.1.2 — OCPP-J messages are UTF-8 JSON text

    @Test("Part 4 §4.1.2 — a binary frame holding a CALL is read as UTF-8 JSON and answered with a text frame")
    func binaryFrameIsReadAsJSON() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-BAD-BINARY")
            try await station.sendRawBinary(Array(#"[2,"bin-1","Heartbeat",{}]"#.utf8))
            let reply = JSONValue.frame(try await station.nextRawFrame())
            #expect(reply.first?.intValue == 3)
            #expect(reply[safe: 1]?.stringValue == "bin-1")
            _ = try await station.heartbeat()
            await station.disconnect()
        }
    }

    @Test("Part 4 §4.1.2 / §4.2.3 — a binary frame that is not UTF-8 JSON gets RpcFrameworkError with MessageId -1")
    func binaryGarbageIsRefused() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-BAD-BINARY")
            try await station.sendRawBinary([0xFF, 0xFE, 0x00, 0x9F, 0x5B, 0x32])
            let reply = JSONValue.frame(try await station.nextRawFrame())
            #expect(reply.first?.intValue == 4)
            #expect(reply[safe: 1]?.stringValue == "-1")
            #expect(reply[safe: 2]?.stringValue == "RpcFrameworkError")
            _ = try await station.heartbeat()
            #expect(await station.connectionState == .connected)
            await station.disconnect()
        }
    }

    /// Connector statuses, transactions and registration of a station: what a refused message
    /// must not change.
    private func storedState(_ server: RunningServer, _ stationId: String) async throws -> [JSONValue?] {
        let station = try await server.api.get("/api/v1/stations/\(stationId)").body
        let transactions = try await server.api.get("/api/v1/transactions?stationId=\(stationId)").body
        return [station["evses"], station["boot"], station["registrationStatus"], transactions]
    }
}

/// One bad frame and the CALLERROR it must get.
struct BadFrame: Sendable, CustomTestStringConvertible {
    let name: String
    let frame: String
    let messageId: String
    let errorCode: String

    var testDescription: String { "\(name) → \(errorCode)" }

    private static let now = "2025-01-01T00:00:00Z"
    private static func status(_ members: String) -> String {
        #"[2,"sn-1","StatusNotification",{\#(members)}]"#
    }
    private static let validStatus = #""timestamp":"\#(now)","connectorStatus":"Available","evseId":1,"connectorId":1"#
    private static func transaction(id: String = "TX-BAD", seqNo: String = "0") -> String {
        #"[2,"te-1","TransactionEvent",{"eventType":"Started","timestamp":"\#(now)","triggerReason":"CablePluggedIn","seqNo":\#(seqNo),"transactionInfo":{"transactionId":"\#(id)"},"evse":{"id":1,"connectorId":1}}]"#
    }

    private static func meterValue(_ value: String) -> String {
        #"[2,"mv-1","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"\#(now)","sampledValue":[{"value":\#(value)}]}]}]"#
    }

    static let all: [BadFrame] = [
        // Part 4 §4.1.2: the message must be valid JSON; §4.2.3: MessageId "-1" when it cannot be read.
        BadFrame(name: "truncated JSON", frame: #"[2,"cut-1","Heartbeat",{"#, messageId: "-1", errorCode: "RpcFrameworkError"),
        BadFrame(name: "not JSON at all", frame: "hello CSMS", messageId: "-1", errorCode: "RpcFrameworkError"),
        BadFrame(
            name: "a JSON object, not an array", frame: #"{"messageTypeId":2,"messageId":"obj-1"}"#, messageId: "-1",
            errorCode: "RpcFrameworkError"),
        BadFrame(name: "an empty array", frame: "[]", messageId: "-1", errorCode: "RpcFrameworkError"),

        // Part 4 §4.1.4 Table 4: messageId is a string[36]; Table 8 RpcFrameworkError "MessageId could not be read".
        BadFrame(
            name: "message id of 37 characters", frame: #"[2,"\#(String(repeating: "x", count: 37))","Heartbeat",{}]"#, messageId: "-1",
            errorCode: "RpcFrameworkError"),
        BadFrame(name: "message id is a number", frame: #"[2,42,"Heartbeat",{}]"#, messageId: "-1", errorCode: "RpcFrameworkError"),
        BadFrame(name: "message id is empty", frame: #"[2,"","Heartbeat",{}]"#, messageId: "-1", errorCode: "RpcFrameworkError"),

        // Part 4 §4.1.3 Table 3 and §4.4: an unknown MessageTypeId → MessageTypeNotSupported.
        BadFrame(name: "message type 5", frame: #"[5,"type-5","Heartbeat",{}]"#, messageId: "type-5", errorCode: "MessageTypeNotSupported"),
        BadFrame(name: "message type 0", frame: #"[0,"type-0"]"#, messageId: "type-0", errorCode: "MessageTypeNotSupported"),
        BadFrame(
            name: "message type as a string", frame: #"["2","type-s","Heartbeat",{}]"#, messageId: "type-s", errorCode: "RpcFrameworkError"),

        // Part 4 §4.2.1: a CALL is [2, MessageId, Action, Payload]; Table 8 ProtocolError "not conform the PDU structure".
        BadFrame(name: "CALL with 3 elements", frame: #"[2,"short-1","Heartbeat"]"#, messageId: "short-1", errorCode: "ProtocolError"),
        BadFrame(name: "CALL with 5 elements", frame: #"[2,"long-1","Heartbeat",{},{}]"#, messageId: "long-1", errorCode: "ProtocolError"),
        BadFrame(name: "action is not a string", frame: #"[2,"act-1",7,{}]"#, messageId: "act-1", errorCode: "ProtocolError"),

        // Part 4 §4.1.5: the payload is a JSON object ({} when empty, never null); Table 8 FormatViolation.
        BadFrame(name: "payload null", frame: #"[2,"pl-1","Heartbeat",null]"#, messageId: "pl-1", errorCode: "FormatViolation"),
        BadFrame(name: "payload an array", frame: #"[2,"pl-2","Heartbeat",[]]"#, messageId: "pl-2", errorCode: "FormatViolation"),

        // Part 4 §4.1.7 "Action is a known Action"; Table 8 NotImplemented / NotSupported.
        BadFrame(name: "unknown action", frame: #"[2,"act-2","FlyToTheMoon",{}]"#, messageId: "act-2", errorCode: "NotImplemented"),
        BadFrame(name: "1.6 action name", frame: #"[2,"act-3","StartTransaction",{}]"#, messageId: "act-3", errorCode: "NotImplemented"),
        BadFrame(
            name: "CSMS-only action Reset", frame: #"[2,"act-4","Reset",{"type":"Immediate"}]"#, messageId: "act-4",
            errorCode: "NotSupported"),

        // Part 4 §4.1.7 "data of the correct data type"; Table 8 TypeConstraintViolation ("somestring": 12).
        BadFrame(
            name: "evseId is a string", frame: status(#""timestamp":"\#(now)","connectorStatus":"Available","evseId":"1","connectorId":1"#),
            messageId: "sn-1", errorCode: "TypeConstraintViolation"),
        BadFrame(name: "seqNo is fractional", frame: transaction(seqNo: "1.5"), messageId: "te-1", errorCode: "TypeConstraintViolation"),
        BadFrame(
            name: "null for an absent field (§4.1.5)",
            frame: status(#""timestamp":"\#(now)","connectorStatus":"Available","evseId":null,"connectorId":1"#), messageId: "sn-1",
            errorCode: "TypeConstraintViolation"),
        BadFrame(
            name: "timestamp not a date-time",
            frame: status(#""timestamp":"yesterday","connectorStatus":"Available","evseId":1,"connectorId":1"#),
            messageId: "sn-1", errorCode: "TypeConstraintViolation"),
        BadFrame(
            name: "timestamp without a time zone",
            frame: status(#""timestamp":"2025-01-01T00:00:00","connectorStatus":"Available","evseId":1,"connectorId":1"#),
            messageId: "sn-1",
            errorCode: "TypeConstraintViolation"),

        // Part 4 §4.1.7 "all the required fields are present"; Table 8 OccurrenceConstraintViolation.
        BadFrame(
            name: "connectorStatus missing", frame: status(#""timestamp":"\#(now)","evseId":1,"connectorId":1"#), messageId: "sn-1",
            errorCode: "OccurrenceConstraintViolation"),
        BadFrame(
            name: "BootNotification without chargingStation", frame: #"[2,"bn-1","BootNotification",{"reason":"PowerUp"}]"#,
            messageId: "bn-1",
            errorCode: "OccurrenceConstraintViolation"),

        // Table 8 PropertyConstraintViolation: right type, value not allowed (enum, maxLength).
        BadFrame(
            name: "unknown connectorStatus",
            frame: status(#""timestamp":"\#(now)","connectorStatus":"Exploded","evseId":1,"connectorId":1"#),
            messageId: "sn-1", errorCode: "PropertyConstraintViolation"),
        BadFrame(
            name: "transactionId over 36 characters", frame: transaction(id: String(repeating: "t", count: 37)), messageId: "te-1",
            errorCode: "PropertyConstraintViolation"),

        // Table 8 FormatViolation: a member the schema does not know (additionalProperties: false) is not this message's syntax.
        BadFrame(
            name: "unknown property", frame: status(validStatus + #","colour":"red""#), messageId: "sn-1", errorCode: "FormatViolation"),

        // Issue #10 defect 5: no text is cut at U+0000 and identifiers hold no control characters (PropertyConstraintViolation).
        BadFrame(
            name: "idToken with U+0000", frame: #"[2,"au-nul","Authorize",{"idToken":{"idToken":"TAG1\u0000junk","type":"ISO14443"}}]"#,
            messageId: "au-nul", errorCode: "PropertyConstraintViolation"),
        BadFrame(
            name: "transactionId with a control character", frame: transaction(id: #"TX\u0007BEL"#), messageId: "te-1",
            errorCode: "PropertyConstraintViolation"),
        BadFrame(
            name: "serialNumber with an escape character",
            frame:
                #"[2,"bn-esc","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V","serialNumber":"SN\u001B[2J"}}]"#,
            messageId: "bn-esc", errorCode: "PropertyConstraintViolation"),
        BadFrame(
            name: "free text with U+0000",
            frame:
                #"[2,"se-nul","SecurityEventNotification",{"type":"StartupOfTheDevice","timestamp":"\#(now)","techInfo":"ok\u0000hidden"}]"#,
            messageId: "se-nul", errorCode: "PropertyConstraintViolation"),
        // Issue #10 defect 13: a meter value a double cannot hold is refused, naming the field, rather than stored as null or 0.
        BadFrame(name: "meter value 1e400", frame: meterValue("1e400"), messageId: "mv-1", errorCode: "PropertyConstraintViolation"),
        BadFrame(name: "meter value 1e-400", frame: meterValue("-1e-400"), messageId: "mv-1", errorCode: "PropertyConstraintViolation"),
    ]
}

extension Array {
    /// The element at `index`, or nil past the end (assertions on frames of unknown length).
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
