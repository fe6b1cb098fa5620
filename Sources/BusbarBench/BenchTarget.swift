import Foundation

/// The OCPP endpoint the bench connects to, split into what a raw socket needs.
struct BenchTarget: Sendable {
    let host: String
    let port: Int
    /// The endpoint path without the station id, never ending in "/".
    let prefix: String

    /// Reads a `ws://host:port/prefix` URL (the bench speaks plain WebSocket only).
    init(url: String) throws {
        guard let components = URLComponents(string: url), components.scheme == "ws", let host = components.host else {
            throw BenchFailure(description: "\(url): expected ws://HOST:PORT/PATH (the bench does not speak TLS)")
        }
        self.host = host
        self.port = components.port ?? 80
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        self.prefix = path
    }

    /// The upgrade path of one station.
    func path(for stationId: String) -> String {
        prefix + "/" + (stationId.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? stationId)
    }
}
