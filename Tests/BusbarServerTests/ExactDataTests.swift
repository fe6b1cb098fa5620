import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// Issue #10 defects 5 and 13: what a station or an operator sends is stored and served exactly —
/// no text cut at U+0000, no identifier with control characters, no meter value overflowed or
/// rounded to zero by a multiplier — over a real API, a real station and a real SQLite file.
@Suite("Exact data, end to end")
struct ExactDataTests {
    // MARK: text — every identifier and text survives the wire, the database and back

    @Test("C01 — an idToken with U+0000 is refused by the API with the field named, and nothing is stored")
    func apiRefusesIdTokenWithNul() async throws {
        try await withRunningServer { server in
            let reply = try await server.api.post(
                "/api/v1/id-tokens", ["idToken": "NULTEST\u{0}EVIL", "type": "ISO14443", "status": "Accepted"])
            #expect(reply.status == 422, "\(reply.text)")
            #expect(reply.body["field"] == .string("idToken"), "\(reply.text)")
            let list = try await server.api.get("/api/v1/id-tokens").body.arrayValue ?? []
            #expect(!list.contains { $0["idToken"]?.stringValue?.hasPrefix("NULTEST") == true }, "nothing stored: \(list)")

            let group = try await server.api.post(
                "/api/v1/id-tokens", ["idToken": "GROUPED", "type": "ISO14443", "groupId": "G\u{7}1"])
            #expect(group.status == 422 && group.body["field"] == .string("groupId"), "\(group.text)")
        }
    }

    @Test("C01 — Authorize compares the whole idToken: a known token followed by U+0000 and more is not Accepted")
    func authorizeWithNulIsNotAcceptedForThePrefix() async throws {
        try await withRunningServer { server in
            try await server.addToken("TAG1")
            let station = try await server.bootedStation("CS-EXACT-AUTH")
            let code = await callErrorCode { () async throws(SimulatorError) in
                let answer = try await station.authorize(idToken: "TAG1\u{0}junk")
                Issue.record("Authorize with TAG1\\u0000junk was answered \(answer.idTokenInfo.status)")
            }
            #expect(code == "PropertyConstraintViolation")
            #expect(try await station.authorize(idToken: "TAG1").idTokenInfo.status == .accepted)
            #expect(try await station.authorize(idToken: "TAG1x").idTokenInfo.status == .unknown)
            await station.disconnect()
        }
    }

    @Test("C01 / B01 / E01 — unusual but valid text goes through the API and a station and comes back byte for byte")
    func textRoundTripsExactly() async throws {
        try await withRunningServer { server in
            let token = "Zoë-✓-\"q\"\\/<é>\u{1F50C}"
            let created = try await server.api.post("/api/v1/id-tokens", ["idToken": .string(token), "type": "ISO14443"])
            #expect(created.status == 201, "\(created.text)")
            let list = try await server.api.get("/api/v1/id-tokens").body.arrayValue ?? []
            #expect(list.contains { $0["idToken"] == .string(token) }, "served as sent: \(list)")

            let station = try await server.bootedStation("CS-EXACT-TEXT")
            #expect(try await station.authorize(idToken: token).idTokenInfo.status == .accepted)
            #expect(try await station.authorize(idToken: token + "!").idTokenInfo.status == .unknown)

            let vendor = "Vendör \"Ω\" \\ ✓"
            let boot = try await station.sendRawAndAwaitReply(
                #"[2,"boot-exact","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M-ü","vendorName":"\#(vendor.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))","serialNumber":"SN-✓-1"}}]"#
            )
            #expect(JSONValue.frame(boot).first?.intValue == 3, "\(boot)")
            let detail = try await server.api.get("/api/v1/stations/CS-EXACT-TEXT").body
            #expect(detail["boot"]?["vendorName"] == .string(vendor), "\(detail)")
            #expect(detail["boot"]?["model"] == .string("M-ü"))
            #expect(detail["boot"]?["serialNumber"] == .string("SN-✓-1"))

            let transactionId = "TX-ü-✓"
            let event = try await station.sendRawAndAwaitReply(
                #"[2,"te-exact","TransactionEvent",{"eventType":"Started","timestamp":"2025-01-01T00:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"\#(transactionId)"},"evse":{"id":1,"connectorId":1}}]"#
            )
            #expect(JSONValue.frame(event).first?.intValue == 3, "\(event)")
            let encoded = transactionId.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? transactionId
            let transaction = try await server.api.get("/api/v1/transactions/\(encoded)")
            #expect(transaction.status == 200, "\(transaction.text)")
            #expect(transaction.body["transactionId"] == .string(transactionId))
            await station.disconnect()
        }
    }

    @Test("API — a path parameter with U+0000 is refused, never matched against its prefix")
    func pathParameterWithNulIsRefused() async throws {
        try await withRunningServer { server in
            try await server.addToken("TAG1")
            try await server.addStation("CS-EXACT-PATH")
            let delete = try await server.api.delete("/api/v1/id-tokens/ISO14443/TAG1%00junk")
            #expect(delete.status == 400, "\(delete.text)")
            #expect(delete.body["field"] == .string("idToken"), "\(delete.text)")
            let list = try await server.api.get("/api/v1/id-tokens").body.arrayValue ?? []
            #expect(list.contains { $0["idToken"] == .string("TAG1") }, "TAG1 was not deleted: \(list)")

            let station = try await server.api.get("/api/v1/stations/CS-EXACT-PATH%00x")
            #expect(station.status == 400, "\(station.text)")
            #expect(station.body["field"] == .string("id"), "\(station.text)")
            let removal = try await server.api.delete("/api/v1/stations/CS-EXACT-PATH%00x")
            #expect(removal.status == 400, "\(removal.text)")
            #expect(try await server.api.get("/api/v1/stations/CS-EXACT-PATH").status == 200, "CS-EXACT-PATH was not removed")
        }
    }

    // MARK: meter values — stored and served as received (value and multiplier apart)

    @Test("E02 / J02 — meter values at the edges of a double are stored and served as received, with their multiplier")
    func extremeMeterValuesRoundTrip() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-EXACT-METER")
            let samples: [(text: String, value: Double, multiplier: Int)] = [
                ("1e308", 1e308, 9),
                ("4.9e-324", 4.9e-324, -9),
                ("0.1", 0.1, 3),
                ("-1234.5678", -1234.5678, 0),
                ("1.7976931348623157e308", .greatestFiniteMagnitude, -3),
            ]
            let sampled = samples.map { sample in
                #"{"value":\#(sample.text),"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh","multiplier":\#(sample.multiplier)}}"#
            }.joined(separator: ",")
            let reply = try await station.sendRawAndAwaitReply(
                #"[2,"te-meter","TransactionEvent",{"eventType":"Started","timestamp":"2025-01-01T00:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"TX-EXACT-METER"},"evse":{"id":1,"connectorId":1},"meterValue":[{"timestamp":"2025-01-01T00:00:00Z","sampledValue":[\#(sampled)]}]}]"#
            )
            #expect(JSONValue.frame(reply).first?.intValue == 3, "acknowledged: \(reply)")
            let detail = try await server.api.get("/api/v1/transactions/TX-EXACT-METER")
            let values = detail.body["meterValues"]?.arrayValue ?? []
            #expect(values.count == samples.count, "\(detail.text)")
            for (served, sample) in zip(values, samples) {
                #expect(served["value"] == .number(sample.value), "\(sample.text) served as \(served)")
                #expect(served["multiplier"] == .number(Double(sample.multiplier)), "\(sample.text) served as \(served)")
                #expect(served["unit"] == .string("Wh"))
            }
            await station.disconnect()
        }
    }
}
