import BusbarStorage
import Logging

/// Refuses to start the operator API where it would be open to the network: without any API key
/// it runs on loopback only (and says so), and binding it elsewhere needs a key first.
public struct OperatorAPIExposureError: Error, CustomStringConvertible {
    /// The interface the API was asked to listen on.
    public let apiHost: String

    public var description: String {
        "refusing to serve the operator API on \(apiHost) without an API key: anyone who can reach it could control every station. "
            + "Create a key first (`busbar keys add --role operator --data-dir …`) or bind the API to 127.0.0.1 (--api-host)."
    }
}

extension CSMSServer {
    /// Throws `OperatorAPIExposureError` when the API would listen beyond loopback without an
    /// active key; logs a warning when it runs open on loopback. `serve` calls it before starting.
    public func checkOperatorAPIExposure() async throws {
        let keys = try await store.activeAPIKeyCount()
        let loopback = APIRequestPolicy.isLoopback(configuration.apiHost)
        if keys == 0, !loopback { throw OperatorAPIExposureError(apiHost: configuration.apiHost) }
        if keys == 0 {
            logger.warning(
                "operator API has no API key: it is open to every process on this machine (loopback only); add one with `busbar keys add --role operator`",
                metadata: ["apiHost": "\(configuration.apiHost)"])
        } else {
            logger.info("operator API requires API keys", metadata: ["activeKeys": "\(keys)"])
        }
    }
}
