import BusbarCSMS
import Hummingbird
import NIOCore
import OCPP

/// An operator API failure, answered as `{"error": code, "message": …, "field": …}` with the
/// right 4xx/5xx status, so a client can show which input was wrong and why.
struct APIError: HTTPResponseError, Sendable {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var field: String?
    var details: JSONValue?
    /// Extra response headers the status calls for (`WWW-Authenticate` on 401, `Allow` on 405).
    var headers: HTTPFields = [:]

    init(
        _ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil, details: JSONValue? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details
        self.headers = headers
    }

    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        .init(.badRequest, code: "bad_request", message, field: field)
    }
    static func invalid(_ message: String, field: String) -> APIError {
        .init(.unprocessableContent, code: "invalid_field", message, field: field)
    }
    static func notFound(_ message: String) -> APIError { .init(.notFound, code: "not_found", message) }

    /// Maps an operator command's refusal to its HTTP answer.
    init(_ error: OperatorError) {
        switch error.code {
        case .invalid: self.init(.unprocessableContent, code: "invalid_field", error.reason, field: error.field)
        case .conflict: self.init(.conflict, code: "conflict", error.reason, field: error.field)
        case .notFound: self.init(.notFound, code: "not_found", error.reason, field: error.field)
        case .storage: self.init(.internalServerError, code: "storage_error", error.reason)
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: JSONValue] = ["error": .string(code), "message": .string(message)]
        if let field { body["field"] = .string(field) }
        if let details { body["details"] = details }
        var response = JSONResponse.make(.object(body), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}
