import NIOCore
import NIOWebSocket

/// Sits right after NIO's WebSocket frame decoder and fails a connection whose client breaks a
/// rule the decoder lets through: RFC 6455 §5.1 — "a server MUST close the connection upon
/// receiving a frame that is not masked" — with 1002 (issue #10 defect 7). Once it has failed the
/// connection nothing more reaches the WebSocket handler, so no later frame is answered.
final class WebSocketGuardHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// How long the close frame may take to leave before the socket is closed anyway.
    static let closeFrameGrace: TimeAmount = .seconds(2)

    private var failed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let frame = unwrapInboundIn(data)
        guard frame.maskKey != nil else {
            fail(context: context, code: .protocolError, reason: "client frames must be masked (RFC 6455 §5.1)")
            return
        }
        context.fireChannelRead(data)
    }

    /// Sends a close frame with `code`, then closes the socket once it is written (or after the grace period).
    private func fail(context: ChannelHandlerContext, code: WebSocketErrorCode, reason: String) {
        failed = true
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let grace = context.eventLoop.scheduleTask(in: Self.closeFrameGrace) { bound.value.close(promise: nil) }
        context.writeAndFlush(wrapOutboundOut(close)).whenComplete { _ in
            grace.cancel()
            bound.value.close(promise: nil)
        }
    }
}
