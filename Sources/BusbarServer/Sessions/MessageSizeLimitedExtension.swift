import CompressNIO
import NIOWebSocket
import WSCore

/// Wraps a negotiated extension (permessage-deflate) so that a message inflating past the
/// message limit closes the connection with 1009 "message too big" (RFC 6455 §7.4.1), as an
/// oversized uncompressed message does, instead of 1011 "unexpected server error"; and so that
/// data that does not inflate — the peer's fault, not ours (issue #10 defect 8) — closes it with
/// 1002 "protocol error" rather than 1011.
struct MessageSizeLimitedExtension: WebSocketExtension {
    let wrapped: any WebSocketExtension

    var name: String { wrapped.name }
    var reservedBits: WebSocketFrame.ReservedBits { wrapped.reservedBits }

    func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        do {
            return try await wrapped.processReceivedFrame(frame, context: context)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw NIOWebSocketError.invalidFrameLength
        } catch {
            // WSCore turns only NIO's own framing errors into close codes other than 1011; this one
            // is its protocol error (1002), which RFC 7692 §8.1 leaves to the endpoint for a
            // message that cannot be decompressed.
            throw NIOWebSocketError.fragmentedControlFrame
        }
    }

    func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        try await wrapped.processFrameToSend(frame, context: context)
    }

    func shutdown() async {
        await wrapped.shutdown()
    }
}
