import BusbarCSMS
import Hummingbird
import OCPP

/// `POST /api/v1/stations/{id}/password`: use case A01 for the operator — the CSMS makes a new
/// random password and sets it on the connected station; 200 once the station accepted it (the
/// old one is refused from then on), 409 when it refused (the old one stays valid). The password
/// is never in the answer: only the station needs it, and the CSMS keeps just its hash.
struct StationPasswordRoutes {
    let administration: StationAdministration
    let requests: any StationRequestSender
    let connections: StationConnections

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/stations/{id}/password") { request, context in
            let accepted = ContinuousClock.now
            let stationId = try context.parameters.decoded("id")
            var length = StationPasswordGenerator.defaultLength
            if Int(request.headers[.contentLength] ?? "0") ?? 0 > 0 || request.headers[.transferEncoding] != nil {
                let body = try await JSONRequestBody.read(request, context: context)
                try body.allowOnly(["length"])
                if let given = try body.int("length") {
                    guard StationPasswordGenerator.lengths.contains(given) else {
                        throw APIError.invalid("must be 16 to 40 (SecurityCtrlr.BasicAuthPassword)", field: "length")
                    }
                    length = given
                }
            }
            var timeout: Duration?
            if let text = request.uri.queryParameters["timeout"] {
                guard let seconds = Double(String(text)), seconds > 0, seconds <= 600 else {
                    throw APIError.invalid("must be a number of seconds in (0, 600]", field: "timeout")
                }
                timeout = .milliseconds(Int64(seconds * 1000))
            }
            let change = StationPasswordChange(administration: administration, requests: requests)
            let outcome: StationPasswordChange.Outcome
            do {
                // The caller's timeout is the whole wait, counted from acceptance (issue #10 defect 2).
                let remaining = timeout.map { max(.milliseconds(1), $0 - (ContinuousClock.now - accepted)) }
                outcome = try await change.run(stationId: stationId, length: length, timeout: remaining)
            } catch let failure as StationPasswordChange.Failure {
                throw Self.apiError(failure)
            }
            switch outcome {
            case .changed(let status):
                // The old password is refused from now on: the station reconnects with the new one.
                await connections.closeForSecurityChange(of: stationId, reason: "its password changed (A01); reconnect with the new one")
                return JSONResponse.make([
                    "stationId": .string(stationId), "status": .string(status.rawValue), "passwordChanged": true,
                    "message": .string(
                        status == .rebootRequired
                            ? "the station stored the new password and uses it after its next reboot; only the new one is accepted from now on"
                            : "the station accepted the new password; only the new one is accepted from now on"),
                ])
            case .refused(let status, let reason):
                throw APIError(
                    .conflict, code: "password_rejected",
                    "station '\(stationId)' answered \(status.rawValue)\(reason.map { " (\($0))" } ?? ""); its old password stays valid",
                    details: ["attributeStatus": .string(status.rawValue), "reason": reason.map(JSONValue.string) ?? .null])
            }
        }
    }

    static func apiError(_ failure: StationPasswordChange.Failure) -> APIError {
        switch failure {
        case .notRegistered(let id):
            return APIError.notFound("station '\(id)' is not registered")
        case .noBasicAuth(let id):
            return APIError(
                .conflict, code: "no_basic_auth",
                "station '\(id)' uses security profile 3 (client certificate) and has no Basic-auth password; change its profile first")
        case .request(let error):
            return StationRequestRoutes.apiError(error)
        case .storage(let reason):
            return APIError(.internalServerError, code: "storage_error", reason)
        }
    }
}
