import NIOCore
import NIOWebSocket

/// Keep-alive of a station connection (Part 4 §5.2, issue #10 defect 4): pings every `interval`
/// and closes the connection when the pong has not come `deadline` after the ping. It writes into
/// the channel itself, below the async writer, so a station that stopped reading — whose socket
/// no longer takes the CSMS's frames — still gets its ping and is still closed on time; closing the
/// channel fails every write waiting for it and frees their buffers.
final class PongDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let interval: TimeAmount
    private let deadline: TimeAmount
    private let onTimeout: @Sendable () -> Void
    private var pings: RepeatedTask?
    private var pongDue: Scheduled<Void>?
    private var awaited: ByteBuffer?

    /// `deadline` is capped at `interval`: the pong of one ping must come before the next is due.
    init(interval: Duration, deadline: Duration, onTimeout: @escaping @Sendable () -> Void) {
        self.interval = TimeAmount(interval)
        self.deadline = TimeAmount(min(interval, deadline))
        self.onTimeout = onTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        pings = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            let (handler, context) = bound.value
            handler.ping(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard frame.opcode == .pong else {
            context.fireChannelRead(data)
            return
        }
        // Pongs are ours to judge (the WebSocket handler's own auto-ping is off); an unsolicited
        // or stale pong is allowed by RFC 6455 §5.5.3 and changes nothing.
        if frame.fin, let awaited, frame.unmaskedData == awaited {
            self.awaited = nil
            pongDue?.cancel()
            pongDue = nil
        }
    }

    private func ping(context: ChannelHandlerContext) {
        guard awaited == nil, context.channel.isActive else { return }
        var payload = context.channel.allocator.buffer(capacity: 8)
        payload.writeInteger(UInt64.random(in: .min ... .max))
        awaited = payload
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: payload)), promise: nil)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        pongDue = context.eventLoop.scheduleTask(in: deadline) {
            let (handler, context) = bound.value
            handler.timedOut(context: context)
        }
    }

    private func timedOut(context: ChannelHandlerContext) {
        guard awaited != nil, context.channel.isActive else { return }
        stop()
        onTimeout()
        // The close frame goes out only if the socket still takes bytes; the connection closes regardless.
        var data = context.channel.allocator.buffer(capacity: 32)
        data.write(webSocketErrorCode: .goingAway)
        data.writeString("no pong within the deadline (OCPP-J §5.2)")
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: data)), promise: nil)
        context.close(promise: nil)
    }

    private func stop() {
        pings?.cancel()
        pings = nil
        pongDue?.cancel()
        pongDue = nil
    }
}
