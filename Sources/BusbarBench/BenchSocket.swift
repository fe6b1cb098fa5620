import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// One bench station's WebSocket, run on a SwiftNIO event loop with no Swift task per connection.
///
/// The simulator's `StationConnection` (hummingbird-websocket's client) hands every frame from
/// the event loop to a task and every write back, two thread hops per message. A load generator
/// that shares two cores with the server it measures cannot afford them: here frames are read,
/// matched and answered on the event loop that owns the socket, and the whole generator runs on
/// one such loop.
final class BenchSocket: Sendable {
    /// Why a connection did not open.
    enum OpenFailure: Error, CustomStringConvertible {
        case refused(String)
        case upgradeRejected
        var description: String {
            switch self {
            case .refused(let reason): return "connection refused: \(reason)"
            case .upgradeRejected: return "upgrade rejected"
            }
        }
    }

    /// What the socket reports to its station, always on its event loop.
    struct Callbacks: Sendable {
        let text: @Sendable (String) -> Void
        let closed: @Sendable () -> Void
    }

    private enum Upgrade: Sendable {
        case upgraded(any Channel)
        case refused
    }

    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects, upgrades to WebSocket with the `ocpp2.0.1` subprotocol and Basic auth.
    static func open(
        host: String, port: Int, path: String, stationId: String, password: String?, on eventLoop: any EventLoop,
        maxFrameSize: Int, callbacks: Callbacks
    ) async throws -> BenchSocket {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(host):\(port)")
        headers.add(name: "Sec-WebSocket-Protocol", value: "ocpp2.0.1")
        if let password {
            headers.add(name: "Authorization", value: "Basic " + Data("\(stationId):\(password)".utf8).base64EncodedString())
        }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
        let upgrade: EventLoopFuture<Upgrade>
        do {
            upgrade = try await ClientBootstrap(group: eventLoop)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(20))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: maxFrameSize) { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(BenchFrameHandler(callbacks: callbacks))
                                return Upgrade.upgraded(channel)
                            }
                        }
                        let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                            upgradeRequestHead: head, upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in
                                channel.close(promise: nil)
                                return channel.eventLoop.makeSucceededFuture(.refused)
                            })
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                            configuration: .init(upgradeConfiguration: configuration))
                    }
                }
        } catch {
            throw OpenFailure.refused("\(error)")
        }
        switch try await upgrade.get() {
        case .upgraded(let channel): return BenchSocket(channel: channel)
        case .refused: throw OpenFailure.upgradeRejected
        }
    }

    /// Writes one text frame; false once the socket is closed. Cheapest from the socket's event loop.
    @discardableResult
    func send(_ text: String) -> Bool {
        guard channel.isActive else { return false }
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: channel.allocator.buffer(string: text))
        channel.writeAndFlush(frame, promise: nil)
        return true
    }

    /// Sends a normal close frame and closes the socket.
    func close() async {
        var reason = channel.allocator.buffer(capacity: 2)
        reason.write(webSocketErrorCode: .normalClosure)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: reason)
        try? await channel.writeAndFlush(frame)
        try? await channel.close()
    }
}

/// Turns WebSocket frames into the station's callbacks, answers pings, and ends on close.
private final class BenchFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let callbacks: BenchSocket.Callbacks
    /// A text message arriving in fragments (the server does not fragment, but RFC 6455 allows it).
    private var fragments: ByteBuffer?
    private var closed = false

    init(callbacks: BenchSocket.Callbacks) {
        self.callbacks = callbacks
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text where frame.fin:
            callbacks.text(String(buffer: frame.unmaskedData))
        case .text:
            fragments = frame.unmaskedData
        case .continuation:
            guard var buffer = fragments else { return }
            var more = frame.unmaskedData
            buffer.writeBuffer(&more)
            if frame.fin {
                fragments = nil
                callbacks.text(String(buffer: buffer))
            } else {
                fragments = buffer
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            return
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func finish() {
        guard !closed else { return }
        closed = true
        callbacks.closed()
    }
}
