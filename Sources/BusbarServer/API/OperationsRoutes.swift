import Hummingbird
import NIOCore
import OCPP
import Prometheus

/// Liveness, Prometheus metrics and the OpenAPI description.
struct OperationsRoutes {
    let metrics: OCPPMetrics
    let connections: StationConnections

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in
            JSONResponse.make(.object(["status": "ok", "connectedStations": .number(Double(connections.count))]))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
        router.get("/api/v1/openapi.json") { _, _ in
            JSONResponse.make(OpenAPIDocument.document)
        }
    }
}
