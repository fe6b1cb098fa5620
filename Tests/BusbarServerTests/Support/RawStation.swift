import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A station written byte for byte over a bare socket, for what a WebSocket client library is too
/// polite to do: unmasked frames, invalid UTF-8, broken fragments, garbage deflate data, an upgrade
/// left half-sent, or a client that stops reading behind a tiny receive buffer.
final class RawStation: Sendable {
    private let channel: any Channel
    private let collector: ByteCollector

    private init(channel: any Channel, collector: ByteCollector) {
        self.channel = channel
        self.collector = collector
    }

    /// Opens a TCP connection; `receiveBuffer` sets SO_RCVBUF before connecting (a small window).
    static func open(port: Int, receiveBuffer: Int? = nil) async throws -> RawStation {
        let collector = ByteCollector()
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
        if let receiveBuffer {
            bootstrap = bootstrap.channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBuffer))
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        return RawStation(channel: channel, collector: collector)
    }

    /// Opens a connection and upgrades it as `stationId` with Basic credentials; returns once the
    /// response head arrived (its status is `upgradeStatus`).
    static func upgraded(
        port: Int, stationId: String, password: String, extensions: String? = nil, receiveBuffer: Int? = nil
    ) async throws -> RawStation {
        let station = try await open(port: port, receiveBuffer: receiveBuffer)
        let credentials = Data("\(stationId):\(password)".utf8).base64EncodedString()
        var request = "GET /ocpp/\(stationId) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        request += "Sec-WebSocket-Protocol: ocpp2.0.1\r\nAuthorization: Basic \(credentials)\r\n"
        if let extensions { request += "Sec-WebSocket-Extensions: \(extensions)\r\n" }
        request += "\r\n"
        try await station.send(Array(request.utf8))
        guard await station.wait(for: .seconds(10), until: { bytes, _ in Self.headEnd(bytes) != nil }) else {
            throw RawTCP.TimedOut()
        }
        return station
    }

    /// The status of the HTTP response head received so far.
    var upgradeStatus: Int? {
        let bytes = collector.snapshot.bytes
        guard let end = Self.headEnd(bytes) else { return nil }
        let line = String(decoding: bytes[..<end], as: UTF8.self).prefix { $0 != "\r" }
        let parts = line.split(separator: " ")
        return parts.count > 1 ? Int(parts[1]) : nil
    }

    /// Writes raw bytes.
    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Writes one client frame; masked unless told otherwise (RFC 6455 §5.1 wants every client frame masked).
    func sendFrame(opcode: UInt8, fin: Bool = true, rsv1: Bool = false, payload: [UInt8], masked: Bool = true) async throws {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode]
        let maskBit: UInt8 = masked ? 0x80 : 0
        switch payload.count {
        case ..<126:
            frame.append(maskBit | UInt8(payload.count))
        case ..<65_536:
            frame.append(maskBit | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            frame.append(maskBit | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        if masked {
            let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
            frame += key
            frame += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        } else {
            frame += payload
        }
        try await send(frame)
    }

    /// Sends a text frame holding `text`.
    func sendText(_ text: String, masked: Bool = true) async throws {
        try await sendFrame(opcode: 0x1, payload: Array(text.utf8), masked: masked)
    }

    /// Stops reading from the socket: with a small SO_RCVBUF the server's writes soon stall.
    func stopReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: false).get()
    }

    /// Waits until `condition` holds for (bytes received, peer closed) or `timeout` passes.
    func wait(for timeout: Duration, until condition: @Sendable ([UInt8], Bool) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let state = collector.snapshot
            if condition(state.bytes, state.closed) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let state = collector.snapshot
        return condition(state.bytes, state.closed)
    }

    /// Frames the server sent after the 101 head: (opcode, unmasked payload).
    var frames: [(opcode: UInt8, payload: [UInt8])] { Self.serverFrames(in: collector.snapshot.bytes) }

    /// True once the server closed the TCP connection.
    var closedByServer: Bool { collector.snapshot.closed }

    /// The status code of the server's close frame, waiting up to `timeout` for it.
    func closeCode(within timeout: Duration = .seconds(10)) async -> Int? {
        _ = await wait(for: timeout) { bytes, closed in
            closed || Self.serverFrames(in: bytes).contains { $0.opcode == 0x8 }
        }
        guard let close = frames.first(where: { $0.opcode == 0x8 }), close.payload.count >= 2 else { return nil }
        return Int(close.payload[0]) << 8 | Int(close.payload[1])
    }

    /// Text messages the server sent (unfragmented text frames).
    var texts: [String] { frames.filter { $0.opcode == 0x1 }.map { String(decoding: $0.payload, as: UTF8.self) } }

    /// Closes the socket from this side.
    func close() async {
        try? await channel.close()
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    static func serverFrames(in bytes: [UInt8]) -> [(opcode: UInt8, payload: [UInt8])] {
        guard let start = headEnd(bytes) else { return [] }
        var frames: [(opcode: UInt8, payload: [UInt8])] = []
        var index = start
        while index + 2 <= bytes.count {
            var length = Int(bytes[index + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard index + 4 <= bytes.count else { break }
                length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
                header = 4
            } else if length == 127 {
                guard index + 10 <= bytes.count else { break }
                length = (2..<10).reduce(0) { $0 << 8 | Int(bytes[index + $1]) }
                header = 10
            }
            guard index + header + length <= bytes.count else { break }
            frames.append((bytes[index] & 0x0F, Array(bytes[(index + header)..<(index + header + length)])))
            index += header + length
        }
        return frames
    }
}

/// Collects every byte a raw connection receives and notes when the peer closed.
private final class ByteCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    struct State {
        var bytes: [UInt8] = []
        var closed = false
    }

    private let state = Mutex(State())

    var snapshot: State { state.withLock { $0 } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        state.withLock { $0.bytes += Array(buffer.readableBytesView) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.withLock { $0.closed = true }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
