import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// RFC 6455 framing rules a station can break, each closing its connection with the code the RFC
/// names — on the wire, not only in the log (issue #10, defects 6, 7 and 8) — while the server
/// keeps serving everyone else.
@Suite("WebSocket framing rules, end to end")
struct WebSocketFramingTests {
    /// A station frame sequence that breaks a rule, and the close code it must get.
    struct Breach: Sendable, CustomTestStringConvertible {
        let name: String
        let closeCode: Int
        let frames: @Sendable (RawStation) async throws -> Void
        var testDescription: String { "\(name) → \(closeCode)" }
    }

    static let breaches: [Breach] = [
        // Issue #10 defect 6 — RFC 6455 §8.1: a text message that is not UTF-8 fails with 1007.
        Breach(name: "invalid UTF-8 in a text frame", closeCode: 1007) { station in
            try await station.sendFrame(opcode: 0x1, payload: Array(#"[2,"u-1","Heartbeat",{"#.utf8) + [0xC3, 0x28] + Array("}]".utf8))
        },
        // Issue #10 defect 6 — RFC 6455 §5.4: a continuation frame with no message begun is a protocol error (1002).
        Breach(name: "continuation frame without a start", closeCode: 1002) { station in
            try await station.sendFrame(opcode: 0x0, payload: Array(#"[2,"c-1","Heartbeat",{}]"#.utf8))
        },
        // Issue #10 defect 6 — RFC 6455 §5.4: a new text frame while a fragmented message is open (1002).
        Breach(name: "new text frame in the middle of a fragmented message", closeCode: 1002) { station in
            try await station.sendFrame(opcode: 0x1, fin: false, payload: Array(#"[2,"f-1","#.utf8))
            try await station.sendFrame(opcode: 0x1, payload: Array(#"[2,"f-2","Heartbeat",{}]"#.utf8))
        },
        // Issue #10 defect 6 — RFC 6455 §7.4.1: a fragmented message over maxMessageSize (4096 here) is 1009.
        Breach(name: "fragmented message over the size limit", closeCode: 1009) { station in
            let half = String(repeating: "a", count: 3_000)
            try await station.sendFrame(
                opcode: 0x1, fin: false, payload: Array(#"[2,"big-1","DataTransfer",{"vendorId":"x","data":""#.utf8) + Array(half.utf8))
            try await station.sendFrame(opcode: 0x0, fin: true, payload: Array(half.utf8) + Array(#""}]"#.utf8))
        },
        // Issue #10 defect 7 — RFC 6455 §5.1: a server MUST close the connection on an unmasked client frame (1002).
        Breach(name: "unmasked client frame", closeCode: 1002) { station in
            try await station.sendText(#"[2,"unmasked-1","Heartbeat",{}]"#, masked: false)
        },
    ]

    @Test("RFC 6455 §5.1 / §5.4 / §7.4.1 / §8.1 — a framing breach closes the connection with its own code", arguments: breaches)
    func framingBreachClosesWithItsCode(_ breach: Breach) async throws {
        try await withRunningServer(configure: { $0.maxMessageSize = 4096 }) { server in
            let bystander = try await server.bootedStation("CS-WS-BYSTANDER")
            let password = try await server.addStation("CS-WS-RAW")
            let station = try await RawStation.upgraded(port: server.ocppPort, stationId: "CS-WS-RAW", password: password)
            #expect(station.upgradeStatus == 101)
            try await breach.frames(station)
            let code = await station.closeCode()
            #expect(code == breach.closeCode, "\(breach.name): close code on the wire \(String(describing: code))")
            #expect(station.texts.isEmpty, "the breaching frame was not answered: \(station.texts)")
            await station.close()
            try await expectStillServing(server, bystander)
            await bystander.disconnect()
        }
    }

    @Test("RFC 6455 §5.1 — a masked frame on the same kind of raw connection is answered (the breach tests are not vacuous)")
    func maskedFrameIsAnswered() async throws {
        try await withRunningServer { server in
            let password = try await server.addStation("CS-WS-MASKED")
            let station = try await RawStation.upgraded(port: server.ocppPort, stationId: "CS-WS-MASKED", password: password)
            try await station.sendText(#"[2,"masked-1","Heartbeat",{}]"#)
            #expect(await station.wait(for: .seconds(10)) { bytes, _ in RawStation.serverFrames(in: bytes).contains { $0.opcode == 0x1 } })
            #expect(station.texts.first?.contains("masked-1") == true)
            await station.close()
        }
    }

    @Test("Issue #10 defect 8 / RFC 7692 §6.2 — permessage-deflate data that does not inflate closes with 1007 or 1002, not 1011")
    func garbageDeflateDataIsThePeersFault() async throws {
        try await withRunningServer { server in
            let bystander = try await server.bootedStation("CS-WS-BYSTANDER")
            let password = try await server.addStation("CS-WS-DEFLATE")
            let station = try await RawStation.upgraded(
                port: server.ocppPort, stationId: "CS-WS-DEFLATE", password: password, extensions: "permessage-deflate")
            #expect(station.upgradeStatus == 101)
            // RSV1 marks a compressed message; these bytes are no DEFLATE stream (BTYPE 11 is reserved).
            try await station.sendFrame(opcode: 0x1, rsv1: true, payload: [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x13, 0x37, 0xDE, 0xAD])
            let code = await station.closeCode()
            #expect(code == 1007 || code == 1002, "close code on the wire \(String(describing: code))")
            await station.close()
            try await expectStillServing(server, bystander)
            await bystander.disconnect()
        }
    }
}
