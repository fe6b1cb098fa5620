import HTTPTypes
import HummingbirdWSClient
import HummingbirdWSCompression
import Logging
import NIOCore
import NIOWebSocket

/// One OCPP-J WebSocket to the CSMS as text frames in and out; the simulator and the bench build on it.
///
/// WSClient runs a connection inside one long `connect` call; this class turns that into an object
/// with `send`, an inbound event stream and `close`, which is what a station with its own
/// schedule needs.
public final class StationConnection: Sendable {
    /// Something that arrived on the socket, in order.
    public enum Event: Sendable, Equatable {
        /// A text message (OCPP-J frames are always text).
        case text(String)
        /// A binary message: OCPP-J forbids them, so only its size is kept.
        case binary(byteCount: Int)
        /// The connection ended; the stream finishes after this event.
        case closed(closeCode: Int?, reason: String?, error: SimulatorError?)
    }

    /// Frames and the final close, for exactly one consumer.
    public let events: AsyncStream<Event>
    /// The station this socket belongs to, for error messages.
    public let stationId: String
    private let writer: WebSocketOutboundWriter
    private let runner: Task<Void, Never>

    private init(stationId: String, events: AsyncStream<Event>, writer: WebSocketOutboundWriter, runner: Task<Void, Never>) {
        self.stationId = stationId
        self.events = events
        self.writer = writer
        self.runner = runner
    }

    /// Opens the WebSocket and returns once the upgrade succeeded; throws a `SimulatorError` saying why not.
    public static func open(
        _ configuration: StationConnectionConfiguration,
        logger: Logger
    ) async throws(SimulatorError) -> StationConnection {
        let endpoint = try configuration.endpoint()
        let clientConfiguration = Self.clientConfiguration(configuration)
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        let gate = OpenGate()
        let maxMessageSize = configuration.maxFrameSize
        let tls = endpoint.secure ? configuration.tls : nil

        let runner = Task {
            do {
                let closeFrame = try await WebSocketClient.connect(
                    url: endpoint.url,
                    configuration: clientConfiguration,
                    tlsConfiguration: tls,
                    logger: logger
                ) { inbound, outbound, _ in
                    // The opener gave up (timeout) before the upgrade finished: drop the socket.
                    guard gate.open(outbound) else { return }
                    var messages = inbound.messages(maxSize: maxMessageSize).makeAsyncIterator()
                    while let message = try await messages.next() {
                        switch message {
                        case .text(let text): sink.yield(.text(text))
                        case .binary(let buffer): sink.yield(.binary(byteCount: buffer.readableBytes))
                        }
                    }
                }
                let code = closeFrame.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }
                if !gate.fail(.connectionClosed(stationId: configuration.stationId, closeCode: code, reason: closeFrame?.reason)) {
                    sink.yield(.closed(closeCode: code, reason: closeFrame?.reason, error: nil))
                }
            } catch {
                let mapped = await ConnectionErrorMapper.map(error, configuration: configuration, endpoint: endpoint)
                if !gate.fail(mapped) {
                    sink.yield(.closed(closeCode: nil, reason: nil, error: mapped))
                }
            }
            sink.finish()
        }

        let timeout = configuration.connectTimeout
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            if gate.fail(.timeout(operation: "connecting to \(endpoint.url)", seconds: timeout.seconds)) {
                runner.cancel()
            }
        }
        defer { watchdog.cancel() }
        let writer = try await gate.wait()
        return StationConnection(stationId: configuration.stationId, events: events, writer: writer, runner: runner)
    }

    /// Sends one text frame.
    public func send(_ text: String) async throws(SimulatorError) {
        do {
            try await writer.write(.text(text))
        } catch {
            throw .connectionClosed(stationId: stationId, closeCode: nil, reason: "send failed: \(error)")
        }
    }

    /// Sends one binary frame (only for tests proving the CSMS rejects binary OCPP-J frames).
    public func sendBinary(_ bytes: [UInt8]) async throws(SimulatorError) {
        do {
            try await writer.write(.binary(ByteBuffer(bytes: bytes)))
        } catch {
            throw .connectionClosed(stationId: stationId, closeCode: nil, reason: "send failed: \(error)")
        }
    }

    /// Sends a close frame and waits up to `timeout` for the server's close; then drops the socket.
    public func close(code: Int = 1000, reason: String? = nil, timeout: Duration = .seconds(5)) async {
        try? await writer.close(WebSocketErrorCode(codeNumber: code), reason: reason)
        let runner = self.runner
        let deadline = Task {
            try? await Task.sleep(for: timeout)
            runner.cancel()
        }
        await runner.value
        deadline.cancel()
    }

    /// Drops the socket without a close handshake (tests of abnormal disconnects).
    public func abort() async {
        runner.cancel()
        await runner.value
    }

    private static func clientConfiguration(_ configuration: StationConnectionConfiguration) -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        if !configuration.subprotocols.isEmpty {
            headers[.secWebSocketProtocol] = configuration.subprotocols.joined(separator: ", ")
        }
        if let authorization = configuration.basicAuthorization {
            headers[.authorization] = authorization
        }
        for (name, value) in configuration.additionalHeaders {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return WebSocketClientConfiguration(
            maxFrameSize: configuration.maxFrameSize,
            additionalHeaders: headers,
            extensions: configuration.compression
                ? [.perMessageDeflate(maxDecompressedFrameSize: configuration.maxFrameSize)] : [],
            closeTimeout: .seconds(5),
            autoPing: configuration.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled,
            validateUTF8: true
        )
    }
}

extension Duration {
    /// The duration in (fractional) seconds, for messages.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
