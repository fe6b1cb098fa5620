import HummingbirdWSClient
import NIOCore
import NIOPosix
import NIOSSL

/// Turns the transport's many error types into one `SimulatorError` a test can match on.
enum ConnectionErrorMapper {
    static func map(
        _ error: any Error,
        configuration: StationConnectionConfiguration,
        endpoint: StationConnectionConfiguration.Endpoint
    ) async -> SimulatorError {
        switch error {
        case let error as SimulatorError:
            return error
        case let error as WebSocketClientError where error == .webSocketUpgradeFailed:
            // WSClient does not keep the refused response; ask the same question again to read its status.
            let probe = await UpgradeStatusProbe.statusLine(configuration: configuration, endpoint: endpoint)
            return .upgradeRejected(url: endpoint.url, httpStatus: probe?.status, detail: probe?.reason ?? "no status line")
        case let error as WebSocketClientError:
            return .protocolViolation("\(error) on \(endpoint.url)")
        case let error as NIOConnectionError:
            let causes = error.connectionErrors.map { "\($0.error)" }.joined(separator: "; ")
            return .connectionRefused(url: endpoint.url, detail: causes.isEmpty ? "\(error)" : causes)
        case let error as IOError:
            return .connectionRefused(url: endpoint.url, detail: "\(error)")
        case ChannelError.connectTimeout(let amount):
            return .timeout(operation: "TCP connect to \(endpoint.host):\(endpoint.port)", seconds: Double(amount.nanoseconds) / 1e9)
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return .tlsFailure(url: endpoint.url, detail: "\(error)")
        case is CancellationError:
            return .connectionClosed(stationId: configuration.stationId, closeCode: nil, reason: "cancelled")
        default:
            return .protocolViolation("\(type(of: error)): \(error) on \(endpoint.url)")
        }
    }
}
