import BusbarCSMS

/// The operator API's rules for a request before any route sees it, as pure functions of its
/// headers so they are tested without sockets. `APISecurityMiddleware` applies them in order:
/// browser origin (403), then the key (401/403), then the body's media type (415).
///
/// Why each rule: a web page open in a local browser can send a "simple" cross-origin request
/// (a `text/plain` POST needs no CORS preflight) to 127.0.0.1, so the API refuses any browser
/// request that is not from its own origin, and any body that is not JSON. Busbar never sends
/// CORS headers, so a preflight `OPTIONS` from another origin is refused here and a browser never
/// gets permission for anything else.
enum APIRequestPolicy {
    /// Nil when the request may come from where it says, else why not. `requireLoopbackHost`
    /// is set while no key is configured: the API is then open to this machine only, and a
    /// non-loopback Host header means a DNS-rebinding page is talking to it.
    static func originRefusal(origin: String?, secFetchSite: String?, host: String?, requireLoopbackHost: Bool) -> String? {
        if let site = secFetchSite?.lowercased(), site == "cross-site" || site == "same-site" {
            return
                "cross-origin browser requests are refused (Sec-Fetch-Site: \(site)); call the API from a script or server, not a web page"
        }
        if requireLoopbackHost {
            guard let host, isLoopback(hostName(ofAuthority: host)) else {
                return
                    "with no API key configured the API answers only requests addressed to a loopback host (127.0.0.1, localhost, [::1]), not '\(host ?? "")'; add a key with `busbar keys add --role operator`"
            }
        }
        guard let origin else { return nil }
        guard let host, sameAuthority(origin: origin, host: host) else {
            return "cross-origin browser requests are refused (Origin: \(origin.prefix(100))); only the API's own origin may call it"
        }
        return nil
    }

    /// Nil when the body may be read as JSON, else why not: a body must say `application/json`
    /// (parameters allowed, charset only UTF-8), so an HTML form or a `text/plain` fetch cannot
    /// pass for an API call.
    static func mediaTypeRefusal(contentType: String?, hasBody: Bool) -> String? {
        guard hasBody else { return nil }
        guard let contentType else {
            return "a request body needs Content-Type: application/json"
        }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard parts.first == "application/json" else {
            return "Content-Type '\(contentType.prefix(100))' is not accepted; send the body as application/json"
        }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if charset != "utf-8" { return "charset '\(charset)' is not accepted; JSON is UTF-8 (RFC 8259)" }
        }
        return nil
    }

    /// What a path needs, or nil for the open liveness probe. Unknown paths count as operator
    /// routes, so a caller without a key learns nothing about which paths exist.
    static func scope(ofPath path: String) -> APIScope? {
        switch path {
        case "/healthz": return nil
        case "/metrics": return .metrics
        case "/api/v1/openapi.json": return .description
        default:
            let segments = path.split(separator: "/", omittingEmptySubsequences: true)
            if segments.count >= 4, segments[0] == "api", segments[1] == "v1", segments[2] == "sites" {
                let id = String(segments[3]).removingPercentEncoding ?? String(segments[3])
                return segments.count >= 5 && segments[4] == "limits" ? .site(id) : .siteView(id)
            }
            return .operations
        }
    }

    /// The key in `Authorization: Bearer <key>` (scheme case-insensitive, RFC 6750 §2.1), or nil.
    static func bearerToken(_ authorization: String?) -> String? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// True for the names and addresses that reach this machine only.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The host of `host[:port]` (brackets kept off an IPv6 literal).
    static func hostName(ofAuthority authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// True when an Origin such as `http://127.0.0.1:8080` names the authority in the Host header;
    /// a Host without a port matches the scheme's default port (a TLS proxy in front is fine).
    static func sameAuthority(origin: String, host: String) -> Bool {
        let lowered = origin.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else { return false }
        let originAuthority = String(lowered.dropFirst(scheme.count))
        guard !originAuthority.isEmpty, !originAuthority.contains("/") else { return false }
        let host = host.lowercased()
        guard hostName(ofAuthority: originAuthority) == hostName(ofAuthority: host) else { return false }
        let defaultPort = scheme == "http://" ? "80" : "443"
        let originPort = port(ofAuthority: originAuthority) ?? defaultPort
        guard let hostPort = port(ofAuthority: host) else { return originPort == "80" || originPort == "443" }
        return originPort == hostPort
    }

    private static func port(ofAuthority authority: String) -> String? {
        let afterHost: Substring
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            afterHost = authority[authority.index(after: close)...]
        } else {
            afterHost = authority.drop { $0 != ":" }
        }
        guard afterHost.hasPrefix(":") else { return nil }
        let port = afterHost.dropFirst()
        return port.isEmpty ? nil : String(port)
    }
}

import Foundation
