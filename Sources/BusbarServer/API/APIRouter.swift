import BusbarCSMS
import BusbarStorage
import Hummingbird
import Logging

/// Assembles the operator HTTP API (JSON under /api/v1, plus /healthz and /metrics).
struct APIRouter {
    let csms: CSMS
    let store: any CSMSStore
    let requests: any StationRequestSender
    let connections: StationConnections
    let metrics: OCPPMetrics
    let logger: Logger

    func build() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIErrorMiddleware(logger: logger))
        OperationsRoutes(metrics: metrics, connections: connections).register(on: router)
        StationRoutes(administration: csms.administration, store: store, connections: connections).register(on: router)
        IdTokenRoutes(administration: csms.administration, store: store).register(on: router)
        TransactionRoutes(store: store).register(on: router)
        StationHistoryRoutes(store: store).register(on: router)
        StationRequestRoutes(requests: requests).register(on: router)
        return router
    }
}

extension APIRouter {
    /// "METHOD /path" for every route served, so a test can hold the OpenAPI document to the router.
    var routeSignatures: Set<String> {
        Set(build().routes.map { "\($0.method.rawValue) \($0.path)" })
    }
}

/// Turns anything a route throws into a JSON error body: typed API errors keep their status,
/// Hummingbird's own errors keep theirs, anything else is a 500 that does not leak internals.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError {
            throw APIError(
                error.status, code: error.status == .notFound ? "not_found" : "http_error", error.body ?? error.status.reasonPhrase)
        } catch {
            logger.error("API request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, code: "internal_error", "the request could not be completed; see the server log")
        }
    }
}
