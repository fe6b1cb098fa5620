import BusbarCSMS
import BusbarServer
import BusbarSimulator
import Foundation
import OCPP
import Testing

/// Graceful shutdown (SIGTERM): the server stops accepting, lets every station's CALL in progress
/// finish and get its answer, then closes each connection with 1001 Going Away.
@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    @Test("a CALL being answered at shutdown still gets its CALLRESULT, then the connection closes with 1001")
    func inFlightCallIsAnsweredBeforeClose() async throws {
        try await withRunningServer { server in
            let station = try await server.bootedStation("CS-DRAIN")
            let idle = try await server.bootedStation("CS-IDLE")
            let started = AsyncStream<Void>.makeStream()
            server.server.csms.services.dataTransfer.register(vendorId: "org.busbar.slow") { _, _ in
                started.continuation.yield()
                try await Task.sleep(for: .milliseconds(500))
                return DataTransferResponse(status: .accepted)
            }
            async let answer = station.call(action: "DataTransfer", payload: ["vendorId": "org.busbar.slow"])
            var iterator = started.stream.makeAsyncIterator()
            _ = await iterator.next()
            await server.stop()
            let response = try await answer
            #expect(response["status"] == .string("Accepted"))
            let closed = try await station.waitUntilClosed(timeout: .seconds(10))
            #expect(Self.closeCode(closed) == 1001)
            #expect(Self.closeCode(try await idle.waitUntilClosed(timeout: .seconds(10))) == 1001)
        }
    }

    static func closeCode(_ state: ConnectionState) -> Int? {
        if case .closed(let code, _, _) = state { return code }
        return nil
    }
}
