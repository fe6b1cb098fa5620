import CompressNIO
import NIOWebSocket
import WSCore

/// Wraps a negotiated extension (permessage-deflate) so that a message inflating past the
/// message limit closes the connection with 1009 "message too big" (RFC 6455 §7.4.1), as an
/// oversized uncompressed message does, instead of 1011 "unexpected server error".
struct MessageSizeLimitedExtension: WebSocketExtension {
    let wrapped: any WebSocketExtension

    var name: String { wrapped.name }
    var reservedBits: WebSocketFrame.ReservedBits { wrapped.reservedBits }

    func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        do {
            return try await wrapped.processReceivedFrame(frame, context: context)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw NIOWebSocketError.invalidFrameLength
        }
    }

    func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        try await wrapped.processFrameToSend(frame, context: context)
    }

    func shutdown() async {
        await wrapped.shutdown()
    }
}
