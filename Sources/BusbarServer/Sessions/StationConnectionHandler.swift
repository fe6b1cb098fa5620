import BusbarCSMS
import BusbarStorage
import CoreMetrics
import Logging
import NIOCore
import NIOWebSocket
import OCPP
@_spi(WSInternal) import WSCore

/// Runs an accepted station WebSocket: registers the session, feeds it every message, and
/// announces the station online and offline on the event bus.
struct StationConnectionHandler: Sendable {
    let csms: CSMS
    let connections: StationConnections
    let metrics: OCPPMetrics
    /// Largest OCPP message accepted (a NotifyReport or local list can be large; 1 MiB default).
    let maxMessageSize: Int
    /// Queue, buffer and deadline limits handed to each session.
    let limits: ConnectionLimits

    /// The WSCore handler configuration for a station connection.
    func webSocketConfiguration(extensions: [any WebSocketExtension]) -> WebSocketHandler.Configuration {
        WebSocketHandler.Configuration(
            extensions: extensions.map { MessageSizeLimitedExtension(wrapped: $0) },
            // Pings are `PongDeadlineHandler`'s: WSCore's own ping and close frames wait for a
            // writable socket, so a station that stopped reading was never closed (issue #10 defect 4).
            autoPing: .disabled,
            closeTimeout: .seconds(10),
            validateUTF8: true,
            maxFrameSize: maxMessageSize)
    }

    func run(
        _ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, station: AcceptedStation, extensions: [any WebSocketExtension],
        logger: Logger
    ) async {
        var logger = logger
        logger[metadataKey: "station"] = "\(station.stationId)"
        let context = ChannelContext(logger: logger)
        let configuration = webSocketConfiguration(extensions: extensions)
        // Detached so that WSCore's own graceful-shutdown reaction (an immediate close frame) does
        // not fire: on shutdown the server drains each session instead — the CALL being answered
        // gets its CALLRESULT, then the connection closes with 1001 (`StationConnections.drainAll`).
        let connection = Task.detached {
            do {
                _ = try await WebSocketHandler.handle(
                    type: .server, configuration: configuration, asyncChannel: channel, context: context
                ) { inbound, outbound, context in
                    guard station.subprotocolAgreed else {
                        // Part 4 §3.1.2: handshake completed without a subprotocol, then closed.
                        try await outbound.close(.protocolError, reason: "no common subprotocol: offer ocpp2.0.1")
                        return
                    }
                    try await serve(station: station, inbound: inbound, outbound: outbound, logger: context.logger)
                }
            } catch {
                logger.debug("station connection ended with error", metadata: ["error": "\(error)"])
            }
        }
        await withTaskCancellationHandler {
            await connection.value
        } onCancel: {
            connection.cancel()
        }
    }

    private func serve(station: AcceptedStation, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger)
        async throws
    {
        let registration = await initialRegistration(station.stationId, logger: logger)
        let stationContext = StationContext(
            stationId: station.stationId, securityProfile: station.securityProfile, registration: registration)
        let session = StationSession(
            context: stationContext, csms: csms, outbound: outbound, frameLog: csms.services.store, metrics: metrics, limits: limits,
            logger: logger)
        if let replaced = connections.register(session) {
            logger.info("station reconnected; closing its previous connection")
            await replaced.close(code: .policyViolation, reason: "replaced by a newer connection of the same station")
        }
        if connections.isShuttingDown {
            await session.drain()
        }
        metrics.connections.increment()
        csms.services.events.publish(.stationConnected(stationId: station.stationId, securityProfile: station.securityProfile))
        logger.info("station connected", metadata: ["securityProfile": "\(station.securityProfile)"])
        defer {
            metrics.connections.decrement()
        }
        var failure: (any Error)?
        do {
            for try await message in inbound.messages(maxSize: maxMessageSize) {
                switch message {
                case .text(let text):
                    await session.receive(text)
                case .binary(let buffer):
                    // OCPP-J uses text frames; a binary frame is read as UTF-8 JSON all the same.
                    await session.receive(String(buffer: buffer))
                }
            }
        } catch {
            logger.info("station connection closed", metadata: ["reason": "\(error)"])
            failure = error
        }
        await session.connectionEnded()
        if connections.unregister(session) {
            csms.services.events.publish(.stationDisconnected(stationId: station.stationId))
        }
        logger.info("station disconnected")
        // WSCore closes with the code its error carries (1007 bad UTF-8, 1002 broken fragments,
        // 1009 too big) only when the handler rethrows it; returning would send 1000 (defect 6).
        if let failure { throw failure }
    }

    /// A reconnecting station keeps the registration it last got (Part 4 §5.3: it need not boot again).
    private func initialRegistration(_ stationId: String, logger: Logger) async -> RegistrationState {
        guard let station = try? await csms.services.store.station(id: stationId) else { return .unregistered }
        switch station.lastRegistrationStatus {
        case "Accepted": return .accepted
        case "Pending": return .pending
        case "Rejected": return .rejected
        default: return .unregistered
        }
    }
}

/// The WSCore context for a station connection.
struct ChannelContext: WebSocketContext {
    let logger: Logger
}
