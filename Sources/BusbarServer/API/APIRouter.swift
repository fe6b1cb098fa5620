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
    let sites: SiteRegistry
    let energy: EnergyManager
    let logger: Logger

    /// Checks API keys; nil serves the API without any (only the OpenAPI test's route listing).
    var keys: APIKeyVerifier?
    /// True when the API listens on loopback, the only place it may run without keys.
    var loopbackOnly = true

    func build() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let methods = MethodTable(routes: Self.routes(of: registered(on: Router(context: BasicRequestContext.self))))
        router.add(middleware: APIErrorMiddleware(methods: methods, logger: logger))
        if let keys { router.add(middleware: APISecurityMiddleware(verifier: keys, loopbackOnly: loopbackOnly, logger: logger)) }
        return registered(on: router)
    }

    /// Adds every route; run twice, once on a scratch router to learn the paths for `MethodTable`.
    private func registered(on router: Router<BasicRequestContext>) -> Router<BasicRequestContext> {
        OperationsRoutes(metrics: metrics, connections: connections).register(on: router)
        StationRoutes(administration: csms.administration, store: store, connections: connections).register(on: router)
        IdTokenRoutes(administration: csms.administration, store: store).register(on: router)
        TransactionRoutes(store: store).register(on: router)
        StationHistoryRoutes(store: store).register(on: router)
        StationRequestRoutes(requests: requests).register(on: router)
        StationPasswordRoutes(administration: csms.administration, requests: requests, connections: connections).register(on: router)
        SiteRoutes(registry: sites).register(on: router)
        SiteLimitRoutes(sites: sites, store: store).register(on: router)
        SitePlanRoutes(energy: energy, store: store, sites: sites).register(on: router)
        SiteBaseLoadRoutes(sites: sites, energy: energy).register(on: router)
        StationChargingProfileRoutes(energy: energy, requests: requests).register(on: router)
        return router
    }

    private static func routes(of router: Router<BasicRequestContext>) -> [(method: String, path: String)] {
        router.routes.map { ($0.method.rawValue, $0.path.description) }
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
    let methods: MethodTable
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = methods.methods(for: request.uri.path)
            guard allowed.isEmpty else {
                throw APIError(
                    .methodNotAllowed, code: "method_not_allowed",
                    "\(request.method.rawValue) is not served at \(request.uri.path); use \(allowed.joined(separator: ", "))",
                    headers: [.allow: allowed.joined(separator: ", ")])
            }
            throw APIError(.notFound, code: "not_found", error.body ?? "no such route: \(request.uri.path)")
        } catch let error as HTTPError {
            throw APIError(
                error.status, code: error.status == .notFound ? "not_found" : "http_error", error.body ?? error.status.reasonPhrase)
        } catch {
            logger.error("API request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, code: "internal_error", "the request could not be completed; see the server log")
        }
    }
}
