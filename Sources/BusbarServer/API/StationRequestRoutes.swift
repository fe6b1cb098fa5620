import BusbarCSMS
import Hummingbird
import OCPP

/// `POST /api/v1/stations/{id}/requests/{Action}`: send any CSMS→station request and return the
/// station's answer — 200 with its payload, 422 when the payload breaks the request schema
/// (nothing is sent), 404 when the station is not connected, 502 with its CALLERROR, 503 at once
/// when its queue is full, 504 when `timeout` — the whole wait from acceptance, queued time
/// included — passed.
struct StationRequestRoutes {
    let requests: any StationRequestSender

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/stations/{id}/requests/{action}") { request, context in
            let accepted = ContinuousClock.now
            let stationId = try context.parameters.decoded("id")
            let actionName = try context.parameters.decoded("action")
            guard let action = OCPPAction(rawValue: actionName) else {
                throw APIError(.notFound, code: "unknown_action", "'\(actionName)' is not an OCPP 2.0.1 action", field: "action")
            }
            guard action.sender != .chargingStation else {
                throw APIError(
                    .unprocessableContent, code: "wrong_direction", "\(actionName) is sent by charging stations, not by the CSMS",
                    field: "action")
            }
            let body = try await JSONRequestBody.read(request, context: context)
            if action == .setVariables, SecretRedaction.redact(.object(body.fields)) != .object(body.fields) {
                // The CSMS would not know the new password and the station could not connect again.
                throw APIError(
                    .unprocessableContent, code: "use_password_route",
                    "SecurityCtrlr.BasicAuthPassword is set with POST /api/v1/stations/{id}/password (A01), which keeps the CSMS's copy in step",
                    field: "setVariableData")
            }
            var timeout: Duration?
            if let text = request.uri.queryParameters["timeout"] {
                guard let seconds = Double(String(text)), seconds > 0, seconds <= 600 else {
                    throw APIError.invalid("must be a number of seconds in (0, 600]", field: "timeout")
                }
                timeout = .milliseconds(Int64(seconds * 1000))
            }
            do {
                // Reading and checking the body counts against the caller's timeout (issue #10 defect 2).
                let remaining = timeout.map { max(.milliseconds(1), $0 - (ContinuousClock.now - accepted)) }
                let response = try await requests.send(action: action, payload: .object(body.fields), to: stationId, timeout: remaining)
                return JSONResponse.make(SecretRedaction.redact(response))
            } catch let error as StationRequestError {
                throw Self.apiError(error)
            }
        }
    }

    static func apiError(_ error: StationRequestError) -> APIError {
        switch error {
        case .notConnected, .connectionClosed:
            return APIError(.notFound, code: "not_connected", error.description)
        case .notAllowed:
            return APIError(.conflict, code: "not_allowed", error.description)
        case .invalidRequest(_, let failures):
            let details = JSONValue.array(
                failures.map { .object(["field": .string($0.path), "code": .string($0.code.rawValue), "reason": .string($0.reason)]) })
            return APIError(
                .unprocessableContent, code: "invalid_payload", error.description, field: failures.first?.path, details: details)
        case .callError(let callError):
            return APIError(
                .badGateway, code: "call_error", error.description,
                details: .object([
                    "errorCode": .string(callError.errorCode.rawValue),
                    "errorDescription": .string(callError.errorDescription),
                    "errorDetails": callError.errorDetails,
                ]))
        case .invalidResponse:
            return APIError(.badGateway, code: "invalid_response", error.description)
        case .timeout:
            return APIError(.gatewayTimeout, code: "timeout", error.description)
        case .overloaded:
            return APIError(.serviceUnavailable, code: "station_busy", error.description)
        case .wrongDirection:
            return APIError(.unprocessableContent, code: "wrong_direction", error.description, field: "action")
        }
    }
}
