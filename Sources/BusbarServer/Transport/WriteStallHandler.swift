import NIOCore

/// Closes a station connection whose socket stays unwritable — the station stopped reading and
/// the CSMS's frames pile up — for longer than `limit` (issue #10 defect 2). Closing fails every
/// write waiting for the socket, so the requests behind them end at once and their buffers go.
final class WriteStallHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    private let limit: TimeAmount
    private let onStall: @Sendable () -> Void
    private var stall: Scheduled<Void>?

    init(limit: Duration, onStall: @escaping @Sendable () -> Void) {
        self.limit = TimeAmount(limit)
        self.onStall = onStall
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stall?.cancel()
            stall = nil
        } else if stall == nil {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let onStall = self.onStall
            stall = context.eventLoop.scheduleTask(in: limit) {
                let context = bound.value
                guard context.channel.isActive, !context.channel.isWritable else { return }
                onStall()
                context.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stall?.cancel()
        stall = nil
    }
}
