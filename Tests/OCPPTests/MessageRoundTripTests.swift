import Foundation
import OCPP
import Testing

/// Part 4's example frames and realistic station traffic parse, validate, decode into the generated types and
/// encode back to the same payload.
@Suite struct MessageRoundTripTests {
    static let callVectors = [
        "part4-call-bootnotification", "call-bootnotification-full", "call-authorize", "call-transactionevent-updated",
        "call-notifyreport", "call-setchargingprofile",
    ]

    @Test(arguments: callVectors)
    func callVectorRoundTripsThroughItsGeneratedType(name: String) throws {
        guard case .call(let call) = try RPCMessage.parse(try TestSupport.vector(name)) else {
            Issue.record("\(name) is not a CALL")
            return
        }
        let action = try #require(call.knownAction)
        #expect(OCPPValidator.shared.validate(call.payload, action: action, direction: .request).isEmpty)
        let typed = try decodeAny(action.requestType, call.payload)
        #expect(try OCPPCoding.encode(typed) == call.payload)
    }

    @Test(arguments: [
        ("part4-callresult-bootnotification", OCPPAction.bootNotification), ("callresult-authorize", .authorize),
    ])
    func callResultVectorRoundTrips(name: String, action: OCPPAction) throws {
        guard case .callResult(let result) = try RPCMessage.parse(try TestSupport.vector(name)) else {
            Issue.record("\(name) is not a CALLRESULT")
            return
        }
        #expect(OCPPValidator.shared.validate(result.payload, action: action, direction: .response).isEmpty)
        let typed = try decodeAny(action.responseType, result.payload)
        #expect(try OCPPCoding.encode(typed) == result.payload)
    }

    @Test func part4CallErrorExampleParses() throws {
        let message = try RPCMessage.parse(try TestSupport.vector("part4-callerror"))
        #expect(
            message
                == .callError(
                    RPCCallError(
                        messageId: "162376037", errorCode: .notSupported,
                        errorDescription: "SetDisplayMessageRequest not implemented")))
        #expect(message.serialized() == #"[4,"162376037","NotSupported","SetDisplayMessageRequest not implemented",{}]"#)
    }

    @Test func transactionEventDecodesIntoTypedMeterValues() throws {
        guard case .call(let call) = try RPCMessage.parse(try TestSupport.vector("call-transactionevent-updated")) else {
            Issue.record("expected a CALL")
            return
        }
        let event = try OCPPValidator.shared.decodeRequest(TransactionEventRequest.self, from: call.payload, messageId: call.messageId)
        #expect(event.eventType == .updated)
        #expect(event.transactionInfo.chargingState == .charging)
        let samples = try #require(event.meterValue?.first?.sampledValue)
        #expect(samples.count == 7)
        #expect(samples[0].measurand == .energyActiveImportRegister)
        #expect(samples[0].value == 12345.6)
        #expect(samples[5].phase == .l1N)
        #expect(OCPPDateTime.format(event.timestamp) == "2026-01-02T03:04:05.678Z")
    }

    @Test func typedRequestSerializesToAValidCall() throws {
        let request = AuthorizeRequest(idToken: IdTokenType(idToken: "04A2B3C4D5E680", type: .iso14443))
        let payload = try OCPPCoding.encode(request)
        #expect(OCPPValidator.shared.validate(payload, action: AuthorizeRequest.action, direction: .request).isEmpty)
        let frame = RPCMessage.call(RPCCall(messageId: "a1", action: AuthorizeRequest.action.rawValue, payload: payload))
        #expect(frame.serialized() == #"[2,"a1","Authorize",{"idToken":{"idToken":"04A2B3C4D5E680","type":"ISO14443"}}]"#)
    }
}
