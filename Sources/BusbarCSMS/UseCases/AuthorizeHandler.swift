import OCPP

/// C01 (and C-30…C-35 for every token type) — is this idToken allowed to charge?
struct AuthorizeHandler: CallHandler {
    let authorizer: TokenAuthorizer

    func handle(_ request: AuthorizeRequest, context: StationContext) async throws -> AuthorizeResponse {
        AuthorizeResponse(idTokenInfo: try await authorizer.authorize(request.idToken))
    }
}
