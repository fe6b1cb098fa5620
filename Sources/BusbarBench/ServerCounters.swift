import Foundation

/// Counters read from the server's Prometheus `/metrics`, to report what the run made it do.
struct ServerCounters: Sendable {
    /// Storage commits (`busbar_storage_commits_total`).
    var commits: Double
    /// Acknowledged writes those commits carried (`busbar_storage_writes_total`).
    var writes: Double

    /// Reads the counters from the operator API at `api`; nil when it cannot.
    static func read(api: String, apiKey: String?) async -> ServerCounters? {
        guard let components = URLComponents(string: api), let host = components.host,
            let response = try? await LocalHTTPClient.get(host: host, port: components.port ?? 80, path: "/metrics", apiKey: apiKey),
            response.status == 200
        else { return nil }
        var values: [Substring: Double] = [:]
        for line in response.body.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Double(parts[1]) { values[parts[0]] = value }
        }
        guard let commits = values["busbar_storage_commits_total"], let writes = values["busbar_storage_writes_total"] else {
            return nil
        }
        return ServerCounters(commits: commits, writes: writes)
    }

    static func - (lhs: ServerCounters, rhs: ServerCounters) -> ServerCounters {
        ServerCounters(commits: lhs.commits - rhs.commits, writes: lhs.writes - rhs.writes)
    }
}
