import OCPP

/// One station→CSMS use case: answers a typed request. Implementations throw `CSMSError` to
/// refuse; anything else thrown becomes an InternalError CALLERROR.
public protocol CallHandler: Sendable {
    /// The request this use case answers.
    associatedtype Request: OCPPRequest
    /// Handles the request after schema validation and the registration check; returns only
    /// once everything the response acknowledges is durable.
    func handle(_ request: Request, context: StationContext) async throws -> Request.Response
    /// The same, with the validated payload as received: use cases that store the message keep
    /// it as sent instead of encoding the typed request again (a measurable cost at load).
    func handle(_ request: Request, payload: JSONValue, context: StationContext) async throws -> Request.Response
}

extension CallHandler {
    /// Most use cases need only the typed request.
    public func handle(_ request: Request, payload: JSONValue, context: StationContext) async throws -> Request.Response {
        try await handle(request, context: context)
    }
}
