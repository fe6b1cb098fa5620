import BusbarEnergy
import Foundation
import Hummingbird
import OCPP

/// `/api/v1/sites` and `/api/v1/sites/{siteId}`: the sites the energy manager plans, as capacity
/// files describe them or as an operator replaced them (`PUT`, validated like a file, stored).
struct SiteRoutes {
    let registry: SiteRegistry

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/sites") { _, _ in
            let entries = await registry.allSites()
            let errors = await registry.fileErrors
            return JSONResponse.make([
                "sites": .array(entries.map(Self.summary)),
                "fileErrors": .array(
                    errors.keys.sorted().map { name in
                        let error = errors[name]!
                        return ["file": .string(name), "path": .string(error.path), "reason": .string(error.reason)]
                    }),
            ])
        }
        router.get("/api/v1/sites/{siteId}") { _, context in
            let siteId = try context.parameters.identifier("siteId")
            guard let entry = await registry.entry(siteId) else { throw Self.unknown(siteId) }
            return JSONResponse.make(try Self.document(entry.site))
        }
        router.put("/api/v1/sites/{siteId}") { request, context in
            let siteId = try context.parameters.identifier("siteId")
            var request = request
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: JSONRequestBody.maxSize)
            } catch {
                throw APIError(.contentTooLarge, code: "body_too_large", "request body exceeds \(JSONRequestBody.maxSize) bytes")
            }
            let text = String(buffer: buffer)
            guard case .object? = try? JSONValue(parsing: buffer.readableBytesView) else {
                throw APIError.badRequest("body must be a JSON object describing the site (Sites/README.md)")
            }
            let entry = try await registry.put(document: text, id: siteId, keyId: APICaller.keyId)
            return JSONResponse.make(try Self.document(entry.site))
        }
    }

    static func unknown(_ siteId: String) -> APIError {
        APIError.notFound("site '\(siteId)' does not exist; GET /api/v1/sites lists the sites")
    }

    static func summary(_ entry: SiteRegistry.Entry) -> JSONValue {
        let stations = allStations(entry.site.grid)
        return [
            "id": .string(entry.site.id),
            "name": Representations.optional(entry.site.name),
            "timezone": .string(entry.site.timezone),
            "file": Representations.optional(entry.file),
            "origin": .string(entry.file == nil ? "api" : "file"),
            "updatedAt": Representations.date(entry.updatedAt),
            "stations": .number(Double(stations.count)),
            "evses": .number(Double(stations.reduce(0) { $0 + $1.evses.count })),
        ]
    }

    /// The site as the JSON document `PUT` accepts, so a client can read, edit and write it back.
    static func document(_ site: Site) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try JSONValue(parsing: try encoder.encode(site))
    }

    private static func allStations(_ node: SiteNode) -> [Station] {
        (node.stations ?? []) + (node.children ?? []).flatMap(allStations)
    }
}
