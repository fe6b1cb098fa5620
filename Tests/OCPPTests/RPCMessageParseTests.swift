import OCPP
import Testing

/// OCPP-J Part 4 §4.1–4.4: every malformed frame maps to one CALLERROR code and MessageId.
@Suite struct RPCMessageParseTests {
    struct BadFrame: Sendable, CustomTestStringConvertible {
        var frame: String
        var code: RPCErrorCode
        var messageId: String
        var shouldReply = true
        var testDescription: String { frame }
    }

    static let badFrames: [BadFrame] = [
        BadFrame(frame: "not json", code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(frame: #"[2,"abc","Heartbeat",{}"#, code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(frame: #"{"messageTypeId":2}"#, code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(frame: #""hello""#, code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(frame: "[]", code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(frame: "[2]", code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(frame: #"[2,42,"Heartbeat",{}]"#, code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(frame: #"[2,"","Heartbeat",{}]"#, code: .rpcFrameworkError, messageId: "-1"),
        BadFrame(
            frame: #"[2,"0123456789012345678901234567890123456","Heartbeat",{}]"#, code: .rpcFrameworkError,
            messageId: "-1"),
        BadFrame(frame: #"["2","m1","Heartbeat",{}]"#, code: .rpcFrameworkError, messageId: "m1"),
        BadFrame(frame: #"[2.5,"m1","Heartbeat",{}]"#, code: .rpcFrameworkError, messageId: "m1"),
        BadFrame(frame: #"[5,"m1","Heartbeat",{}]"#, code: .messageTypeNotSupported, messageId: "m1"),
        BadFrame(frame: #"[7,"m1",{}]"#, code: .messageTypeNotSupported, messageId: "m1"),
        BadFrame(frame: #"[2,"m1","Heartbeat"]"#, code: .protocolError, messageId: "m1"),
        BadFrame(frame: #"[2,"m1","Heartbeat",{},{}]"#, code: .protocolError, messageId: "m1"),
        BadFrame(frame: #"[2,"m1",17,{}]"#, code: .protocolError, messageId: "m1"),
        BadFrame(frame: #"[2,"m1","",{}]"#, code: .protocolError, messageId: "m1"),
        BadFrame(frame: #"[2,"m1","Heartbeat",[]]"#, code: .formatViolation, messageId: "m1"),
        BadFrame(frame: #"[2,"m1","Heartbeat",null]"#, code: .formatViolation, messageId: "m1"),
        BadFrame(frame: #"[3,"m1"]"#, code: .protocolError, messageId: "m1"),
        BadFrame(frame: #"[3,"m1","ok"]"#, code: .formatViolation, messageId: "m1"),
        // Never answer an error with an error.
        BadFrame(frame: #"[4,"m1","GenericError"]"#, code: .protocolError, messageId: "m1", shouldReply: false),
        BadFrame(frame: #"[4,"m1",1,"x",{}]"#, code: .protocolError, messageId: "m1", shouldReply: false),
        BadFrame(frame: #"[4,"m1","GenericError","x",null]"#, code: .formatViolation, messageId: "m1", shouldReply: false),
        BadFrame(frame: #"[4,null,"GenericError","x",{}]"#, code: .rpcFrameworkError, messageId: "-1", shouldReply: false),
    ]

    @Test(arguments: badFrames)
    func rejectsBadFrameWithTheTableCode(_ bad: BadFrame) {
        do {
            let message = try RPCMessage.parse(bad.frame)
            Issue.record("parsed \(bad.frame) as \(message)")
        } catch {
            #expect(error.callError.errorCode == bad.code)
            #expect(error.callError.messageId == bad.messageId)
            #expect(error.shouldReply == bad.shouldReply)
            #expect((error.reply != nil) == bad.shouldReply)
            #expect(error.callError.errorDescription.count <= 255)
        }
    }

    @Test func parsesTheThreeMessageTypes() throws {
        #expect(
            try RPCMessage.parse(#"[2,"m1","Heartbeat",{}]"#)
                == .call(RPCCall(messageId: "m1", action: "Heartbeat", payload: [:])))
        #expect(
            try RPCMessage.parse(#"[3,"m1",{"currentTime":"2026-01-02T03:04:05Z"}]"#)
                == .callResult(RPCCallResult(messageId: "m1", payload: ["currentTime": "2026-01-02T03:04:05Z"])))
        #expect(
            try RPCMessage.parse(#"[4,"m1","NotSupported","nope",{"a":1}]"#)
                == .callError(RPCCallError(messageId: "m1", errorCode: .notSupported, errorDescription: "nope", errorDetails: ["a": 1])))
    }

    @Test func acceptsMessageIdOfExactly36Characters() throws {
        let id = "123e4567-e89b-12d3-a456-426614174000"
        #expect(try RPCMessage.parse("[2,\"\(id)\",\"Heartbeat\",{}]").messageId == id)
    }

    @Test func keepsUnknownActionsForNotImplementedAtDispatch() throws {
        guard case .call(let call) = try RPCMessage.parse(#"[2,"m1","FlyToTheMoon",{}]"#) else {
            Issue.record("expected a CALL")
            return
        }
        #expect(call.knownAction == nil)
    }

    @Test func mapsUnknownReceivedErrorCodeToGenericError() throws {
        guard case .callError(let error) = try RPCMessage.parse(#"[4,"m1","Oops","x",{}]"#) else {
            Issue.record("expected a CALLERROR")
            return
        }
        #expect(error.errorCode == .genericError)
    }

    @Test func truncatesErrorDescriptionTo255Characters() {
        let error = RPCCallError(messageId: "m1", errorCode: .genericError, errorDescription: String(repeating: "é", count: 400))
        #expect(error.errorDescription.count == 255)
        let frame = RPCMessage.callError(error).serialized()
        #expect(frame.hasPrefix(#"[4,"m1","GenericError",""#))
    }

    @Test func serializesFramesCompactly() {
        #expect(
            RPCMessage.call(RPCCall(messageId: "1", action: "Heartbeat", payload: [:])).serialized()
                == #"[2,"1","Heartbeat",{}]"#)
        #expect(
            RPCMessage.callResult(RPCCallResult(messageId: "1", payload: ["interval": 300])).serialized() == #"[3,"1",{"interval":300}]"#)
        #expect(
            RPCMessage.callError(RPCCallError(messageId: "1", errorCode: .notImplemented, errorDescription: "x")).serialized()
                == #"[4,"1","NotImplemented","x",{}]"#)
    }
}
