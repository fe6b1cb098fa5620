import BusbarCSMS
import HTTPTypes
import Hummingbird
import Logging

/// Applies `APIRequestPolicy` and the API keys to every request, routed or not, so that routes
/// added later by any module are covered without doing anything. With no key configured and
/// the API on loopback, requests pass without a key (the server warned about it at start).
struct APISecurityMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let verifier: APIKeyVerifier
    /// True when the API is bound to a loopback address, the only place it may run without keys.
    let loopbackOnly: Bool
    let logger: Logger

    /// `WWW-Authenticate` for a request without a key (RFC 6750 §3).
    static let bearerChallenge = #"Bearer realm="busbar""#
    /// `WWW-Authenticate` for a request with a key that is not valid (RFC 6750 §3.1).
    static let invalidTokenChallenge = #"Bearer realm="busbar", error="invalid_token""#

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let headers = request.headers
        let open: Bool
        do {
            open = loopbackOnly ? !(try await verifier.hasActiveKeys()) : false
        } catch {
            logger.error("API key store unreadable", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, code: "internal_error", "the API keys cannot be read right now; see the server log")
        }
        if let refusal = APIRequestPolicy.originRefusal(
            origin: headers[.origin], secFetchSite: headers[Self.secFetchSite], host: request.head.authority,
            requireLoopbackHost: open)
        {
            throw APIError(.forbidden, code: "cross_origin", refusal)
        }
        var keyId: String?
        if let scope = APIRequestPolicy.scope(ofPath: request.uri.path), !open {
            let (grant, id) = try await authenticate(request)
            if let refusal = grant.refusal(for: scope, changes: request.method != .get && request.method != .head) {
                throw APIError(.forbidden, code: "forbidden", refusal)
            }
            keyId = id
        }
        let hasBody = (headers[.contentLength].flatMap { Int($0) } ?? 0) > 0 || headers[.transferEncoding] != nil
        if let refusal = APIRequestPolicy.mediaTypeRefusal(contentType: headers[.contentType], hasBody: hasBody) {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", refusal, field: "Content-Type")
        }
        return try await APICaller.$keyId.withValue(keyId) { try await next(request, context) }
    }

    private func authenticate(_ request: Request) async throws -> (APIGrant, keyId: String) {
        guard let key = APIRequestPolicy.bearerToken(request.headers[.authorization]) else {
            throw APIError(
                .unauthorized, code: "unauthorized",
                "this API needs a key: send Authorization: Bearer <key> (an operator creates one with `busbar keys add --role operator`)",
                field: "Authorization", headers: [.wwwAuthenticate: Self.bearerChallenge])
        }
        let outcome: APIKeyVerifier.Outcome
        do {
            outcome = try await verifier.verify(key)
        } catch {
            logger.error("API key lookup failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, code: "internal_error", "the API keys cannot be read right now; see the server log")
        }
        switch outcome {
        case .valid(let grant, let keyId):
            return (grant, keyId)
        case .unknown:
            throw APIError(
                .unauthorized, code: "invalid_key",
                "the API key is not one this server issued; check it, or issue one with `busbar keys add`",
                field: "Authorization", headers: [.wwwAuthenticate: Self.invalidTokenChallenge])
        case .revoked(let id):
            throw APIError(
                .unauthorized, code: "revoked_key", "API key \(id) was revoked; ask the operator for a new one",
                field: "Authorization", headers: [.wwwAuthenticate: Self.invalidTokenChallenge])
        }
    }

    private static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
