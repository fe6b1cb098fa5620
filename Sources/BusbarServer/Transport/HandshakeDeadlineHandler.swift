import Logging
import NIOCore

/// First handler of every OCPP connection until it upgrades (issue #10 defect 1): takes a slot in
/// `ConnectionAdmission` when the connection becomes active (closing it at once when there is
/// none), closes it when the upgrade is not done by `handshakeTimeout` (TLS handshake included) or
/// when no byte arrived for `idleTimeout`, and gives the slot back when it is removed — at the
/// upgrade (`OCPPUpgradeChannel`) or when the connection closes.
final class HandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let limits: ConnectionLimits
    private let admission: ConnectionAdmission
    private let metrics: OCPPMetrics
    private let refusalLog: RateLimitedLog
    private let logger: Logger
    private var admittedAddress: String?
    private var started = false
    private var lastRead = NIODeadline.now()
    private var deadline: Scheduled<Void>?
    private var idleCheck: Scheduled<Void>?

    init(limits: ConnectionLimits, admission: ConnectionAdmission, metrics: OCPPMetrics, refusalLog: RateLimitedLog, logger: Logger) {
        self.limits = limits
        self.admission = admission
        self.metrics = metrics
        self.refusalLog = refusalLog
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        idleCheck?.cancel()
        deadline = nil
        idleCheck = nil
        if let address = admittedAddress {
            admittedAddress = nil
            admission.release(address: address)
        }
    }

    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = admission.admit(address: address) {
            metrics.connectionRefused(refusal)
            refusalLog.warning(
                "OCPP connection refused: too many connections not yet authenticated",
                metadata: [
                    "limit": "\(refusal.rawValue)", "address": "\(address)", "pending": "\(admission.pending)",
                    "maxPending": "\(limits.maxPendingConnections)", "maxPendingPerAddress": "\(limits.maxPendingPerAddress)",
                ], logger: logger)
            context.close(promise: nil)
            return
        }
        admittedAddress = address
        lastRead = .now()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(limits.handshakeTimeout)) {
            let (handler, context) = bound.value
            handler.expire(context: context, reason: "handshake")
        }
        scheduleIdleCheck(context: context, in: TimeAmount(limits.idleTimeout))
    }

    private func scheduleIdleCheck(context: ChannelHandlerContext, in delay: TimeAmount) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(in: delay) {
            let (handler, context) = bound.value
            handler.checkIdle(context: context)
        }
    }

    private func checkIdle(context: ChannelHandlerContext) {
        guard admittedAddress != nil else { return }
        let quietUntil = lastRead + TimeAmount(limits.idleTimeout)
        if quietUntil <= .now() {
            expire(context: context, reason: "idle")
        } else {
            scheduleIdleCheck(context: context, in: quietUntil - .now())
        }
    }

    private func expire(context: ChannelHandlerContext, reason: String) {
        guard admittedAddress != nil, context.channel.isActive else { return }
        metrics.handshakeTimedOut(reason: reason)
        logger.debug(
            "OCPP connection closed before its upgrade",
            metadata: ["reason": "\(reason)", "address": "\(context.channel.remoteAddress?.ipAddress ?? "unknown")"])
        context.close(promise: nil)
    }
}
