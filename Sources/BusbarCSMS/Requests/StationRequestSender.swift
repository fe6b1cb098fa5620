import OCPP

/// The one way any module sends a CSMS→station request and awaits its typed answer; the server's
/// connection registry implements it, so the energy manager or the API never touch sockets.
public protocol StationRequestSender: Sendable {
    /// Sends a raw payload for `action` and returns the station's response payload (already
    /// validated against the response schema).
    func send(action: OCPPAction, payload: JSONValue, to stationId: String, timeout: Duration?) async throws(StationRequestError)
        -> JSONValue
}

extension StationRequestSender {
    /// Sends a typed request and decodes the typed response.
    public func send<Request: OCPPRequest>(_ request: Request, to stationId: String, timeout: Duration? = nil)
        async throws(StationRequestError) -> Request.Response
    {
        let payload: JSONValue
        do {
            payload = try OCPPCoding.encode(request)
        } catch {
            throw .invalidRequest(reason: "cannot encode \(Request.action.rawValue)Request: \(error)")
        }
        let response = try await send(action: Request.action, payload: payload, to: stationId, timeout: timeout)
        do {
            return try OCPPCoding.decode(Request.Response.self, from: response)
        } catch {
            throw .invalidResponse(reason: "cannot decode \(Request.action.rawValue)Response: \(error)")
        }
    }
}
