import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import OCPP
import WSCore

/// The child channel of the OCPP listener: HTTP/1.1 that only upgrades to WebSocket, and that,
/// unlike hummingbird-websocket's channel (which always answers a refused upgrade with 400), can
/// refuse with the status OCPP prescribes — 404 for an unknown station, 401 for bad credentials.
struct OCPPUpgradeChannel: ServerChildChannel {
    /// Where the upgrade negotiation ended.
    enum Outcome: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, AcceptedStation, [any WebSocketExtension])
        case refused(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, HTTPResponseStatus, String)
    }

    struct Value: ServerChildChannelValue {
        let outcome: EventLoopFuture<Outcome>
        let channel: any Channel
    }

    /// Largest WebSocket frame accepted; OCPP messages such as NotifyReport or SendLocalList
    /// outgrow the 16 KiB default, so the listener passes its configured message limit.
    let maxFrameSize: Int
    /// Decides an upgrade from the request head and the channel (for the TLS peer certificate).
    let decide: @Sendable (HTTPRequestHead, any Channel) async -> UpgradeDecision
    /// Timeouts and caps of a connection before and after its upgrade.
    let limits: ConnectionLimits
    /// Interval of the WebSocket pings that find dead stations (Part 4 §5.2); nil sends none.
    let pingInterval: Duration?
    /// The slots of connections not yet authenticated, shared by the OCPP listeners.
    let admission: ConnectionAdmission
    /// Counts refusals, timeouts, pong deadlines and write stalls.
    let metrics: OCPPMetrics
    /// Says (at most every 10 s) that connections are being refused for want of a slot.
    let refusalLog: RateLimitedLog
    /// Runs an accepted station connection until it closes.
    let serve: @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, AcceptedStation, [any WebSocketExtension], Logger) async -> Void

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let decision = NIOLoopBoundBox<UpgradeDecision?>(nil, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<Outcome>(
                maxFrameSize: maxFrameSize,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: UpgradeDecision.self)
                    promise.completeWithTask { await decide(head, channel) }
                    return promise.futureResult.map { result in
                        decision.value = result
                        if case .accept(_, let headers, _) = result { return headers }
                        return nil
                    }
                },
                upgradePipelineHandler: { [limits, pingInterval, metrics] channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .accept(let station, _, let extensions) = decision.value else {
                            throw ChannelError.inappropriateOperationForState
                        }
                        let pipeline = channel.pipeline.syncOperations
                        // Authenticated: the slot goes back and the handshake deadline no longer applies.
                        if let deadline = try? pipeline.handler(type: HandshakeDeadlineHandler.self) {
                            pipeline.removeHandler(deadline, promise: nil)
                        }
                        try pipeline.addHandler(WebSocketGuardHandler())
                        if let pingInterval {
                            try pipeline.addHandler(
                                PongDeadlineHandler(interval: pingInterval, deadline: limits.pongTimeout) {
                                    metrics.pongTimedOut()
                                    logger.notice(
                                        "station closed: no pong within the deadline (Part 4 §5.2)",
                                        metadata: ["station": "\(station.stationId)"])
                                })
                        }
                        try pipeline.addHandler(
                            WriteStallHandler(limit: limits.writeStallTimeout) {
                                metrics.writeStalled()
                                logger.notice(
                                    "station closed: its socket stayed unwritable (it stopped reading)",
                                    metadata: ["station": "\(station.stationId)", "limit": "\(limits.writeStallTimeout)"])
                            })
                        let webSocket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                        return Outcome.webSocket(webSocket, station, extensions)
                    }
                })
            let upgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration<Outcome>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let http = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel)
                        if case .reject(let status, let reason) = decision.value {
                            return Outcome.refused(http, status, reason)
                        }
                        return Outcome.refused(
                            http, .upgradeRequired, "this endpoint only accepts OCPP WebSocket upgrades (Sec-WebSocket-Protocol: ocpp2.0.1)"
                        )
                    }
                })
            try channel.pipeline.syncOperations.addHandler(
                HandshakeDeadlineHandler(limits: limits, admission: admission, metrics: metrics, refusalLog: refusalLog, logger: logger),
                position: .first)
            var pipeline = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgradeConfiguration)
            pipeline.enablePipelining = false
            let outcome = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: pipeline)
            try channel.pipeline.syncOperations.addHandler(CloseOnHTTPParserError())
            return Value(outcome: outcome, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.outcome.get() {
            case .webSocket(let webSocket, let station, let extensions):
                await serve(webSocket, station, extensions, logger)
            case .refused(let http, let status, let reason):
                await Self.refuse(http, status: status, reason: reason, logger: logger)
            }
        } catch {
            logger.debug("OCPP upgrade ended", metadata: ["error": "\(error)"])
        }
    }

    /// Answers a refused upgrade with a small JSON body and closes the connection.
    private static func refuse(
        _ http: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, status: HTTPResponseStatus, reason: String, logger: Logger
    ) async {
        let body = JSONValue.object(["error": .string(status.reasonPhrase), "reason": .string(reason)]).serialized()
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close"), ("Content-Length", "\(body.utf8.count)")])
        if status == .unauthorized { headers.add(name: "WWW-Authenticate", value: "Basic realm=\"OCPP\", charset=\"UTF-8\"") }
        do {
            try await http.executeThenClose { _, outbound in
                try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                try await outbound.write(.end(nil))
            }
        } catch {
            logger.trace("could not write refused upgrade", metadata: ["error": "\(error)"])
        }
    }
}

/// Closes a connection whose request NIO could not parse. NIO answers such a request with 400 and
/// "Connection: close" but leaves closing to the pipeline's owner; without this the socket (and the
/// upgrade task waiting on it) would live until the client went away.
private final class CloseOnHTTPParserError: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            context.close(promise: nil)
        }
        context.fireErrorCaught(error)
    }
}
