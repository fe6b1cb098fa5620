import Testing

@testable import OCPP

/// `SecretRedaction` over the frames and payloads that carry OCPP secrets (Part 2 Appendices
/// §3.1.15 SecurityCtrlr.BasicAuthPassword; SetNetworkProfile's VPN and APN credentials).
@Suite("Secret redaction")
struct SecretRedactionTests {
    static let secret = "s3cret-password-1234"

    @Test(
        "every place an OCPP secret travels is redacted and the rest of the frame kept",
        arguments: [
            // A01: SetVariablesRequest.
            #"[2,"m1","SetVariables",{"setVariableData":[{"attributeValue":"s3cret-password-1234","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}},{"attributeValue":"60","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}]"#,
            // GetVariablesResponse from a station that reveals it.
            #"[3,"m2",{"getVariableResult":[{"attributeStatus":"Accepted","attributeValue":"s3cret-password-1234","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]"#,
            // NotifyReport variableAttribute.
            #"[2,"m3","NotifyReport",{"requestId":1,"generatedAt":"2025-01-01T00:00:00Z","seqNo":0,"reportData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"variableAttribute":[{"value":"s3cret-password-1234"}]}]}]"#,
            // NotifyEvent actualValue.
            #"[2,"m4","NotifyEvent",{"generatedAt":"2025-01-01T00:00:00Z","seqNo":0,"eventData":[{"eventId":1,"timestamp":"2025-01-01T00:00:00Z","trigger":"Delta","actualValue":"s3cret-password-1234","eventNotificationType":"HardWiredNotification","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]"#,
            // SetNetworkProfile VPN and APN credentials.
            #"[2,"m5","SetNetworkProfile",{"configurationSlot":1,"connectionData":{"ocppVersion":"OCPP20","ocppTransport":"JSON","ocppCsmsUrl":"wss://x","messageTimeout":30,"securityProfile":2,"ocppInterface":"Wired0","vpn":{"server":"v","user":"u","password":"s3cret-password-1234","key":"s3cret-password-1234","type":"IPSec"},"apn":{"apn":"a","apnPassword":"s3cret-password-1234","apnAuthentication":"AUTO"}}}]"#,
            // An escape spelling the variable name does not hide it.
            #"[2,"m6","SetVariables",{"setVariableData":[{"attributeValue":"s3cret-password-1234","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuth\u0050assword"}}]}]"#,
        ])
    func secretsAreRedacted(_ frame: String) throws {
        let redacted = SecretRedaction.redact(frame: frame)
        #expect(!redacted.contains(Self.secret))
        #expect(redacted.contains(SecretRedaction.placeholder))
        let before = try JSONValue(parsing: frame)
        let after = try JSONValue(parsing: redacted)
        #expect(after[0] == before[0])
        #expect(after[1] == before[1])
        #expect(!after.serialized().contains(Self.secret))
    }

    @Test("a frame without a secret is returned as it was, byte for byte, without being parsed")
    func framesWithoutSecretsAreUntouched() {
        let frames = [
            #"[2,"h1","Heartbeat",{}]"#,
            #"[2,"s1","SetVariables",{"setVariableData":[{"attributeValue":"60","component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}]"#,
            #"[2,"b1", "BootNotification" ,{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}}]"#,
        ]
        for frame in frames {
            #expect(SecretRedaction.redact(frame: frame) == frame)
        }
        #expect(!SecretRedaction.mayHoldSecret(frames[0]))
    }

    @Test("a raw NUL byte (which stops C string searches) does not hide a secret after it")
    func nulByteDoesNotHideASecret() {
        #expect(SecretRedaction.mayHoldSecret("[2,\"x\u{0}\",\"SetVariables\",{\"BasicAuthPassword\"}]"))
        #expect(!SecretRedaction.mayHoldSecret("[2,\"x\u{0}\",\"Heartbeat\",{}]"))
        #expect(
            !SecretRedaction.redact(
                frame: "[2,\"x\u{0}\",{\"variable\":{\"name\":\"BasicAuthPassword\"},\"attributeValue\":\"\(Self.secret)\"}]"
            ).contains(Self.secret))
    }

    @Test("an unparsable frame that names a secret is replaced whole")
    func unparsableFrameMentioningASecretIsReplaced() {
        let redacted = SecretRedaction.redact(
            frame: #"[2,"x","SetVariables",{"variable":{"name":"BasicAuthPassword"},"attributeValue":"s3cret-password-1234""#)
        #expect(!redacted.contains(Self.secret))
    }
}
