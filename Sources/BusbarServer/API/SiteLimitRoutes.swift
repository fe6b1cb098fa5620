import BusbarStorage
import Foundation
import Hummingbird
import OCPP

/// `/api/v1/sites/{siteId}/limits`: limit signals from utilities (issue #11 §5). A signal is
/// stored durably before the answer, then the energy manager is told to re-plan; it expires on
/// its own at `end`, and a DELETE withdraws it early (stamped, never erased, for the audit).
struct SiteLimitRoutes {
    let sites: any SiteDirectory
    let store: any LimitSignalStore
    /// The clock the routes judge `end` and the status by; tests may move it.
    var now: @Sendable () -> Date = { Date() }

    static let fields: Set<String> = ["node", "start", "end", "importLimitKW", "importLimitA", "exportLimitKW", "source", "id"]

    func register(on router: Router<BasicRequestContext>) {
        let limits = router.group("/api/v1/sites/{siteId}/limits")
        limits.post { request, context in
            let siteId = try context.parameters.identifier("siteId")
            let nodes = try await knownSite(siteId)
            let body = try await JSONRequestBody.read(request, context: context)
            let signal: LimitSignalRecord
            do {
                signal = try makeSignal(body, siteId: siteId, nodes: nodes)
            } catch let error as APIError where error.status == .unprocessableContent {
                // A signal's sender is a machine: any refused field is a 400, as the issue's contract says.
                throw APIError(.badRequest, code: "bad_request", error.message, field: error.field)
            }
            let stored = try await storing { try await store.createLimitSignal(signal) }
            if stored.created { await sites.limitsChanged(siteId: siteId) }
            return JSONResponse.make(Representations.limitSignal(stored.signal, now: now()), status: stored.created ? .created : .ok)
        }
        limits.get { request, context in
            let siteId = try context.parameters.identifier("siteId")
            _ = try await knownSite(siteId)
            let include = request.uri.queryParameters["include"].map(String.init) ?? "current"
            let signals: [LimitSignalRecord]
            switch include {
            case "current":
                signals = try await storing { try await store.limitSignals(siteId: siteId, endingAfter: now(), includeWithdrawn: false) }
            case "all":
                signals = try await storing { try await store.limitSignals(siteId: siteId, endingAfter: nil, includeWithdrawn: true) }
            default:
                throw APIError.badRequest("must be 'current' (not ended, not withdrawn; the default) or 'all'", field: "include")
            }
            let at = now()
            return JSONResponse.make(.array(signals.map { Representations.limitSignal($0, now: at) }))
        }
        limits.get("{limitId}") { _, context in
            let siteId = try context.parameters.identifier("siteId")
            let limitId = try context.parameters.identifier("limitId")
            _ = try await knownSite(siteId)
            guard let signal = try await storing({ try await store.limitSignal(siteId: siteId, id: limitId) }) else {
                throw APIError.notFound("limit signal '\(limitId)' does not exist on site '\(siteId)'")
            }
            return JSONResponse.make(Representations.limitSignal(signal, now: now()))
        }
        limits.delete("{limitId}") { _, context in
            let siteId = try context.parameters.identifier("siteId")
            let limitId = try context.parameters.identifier("limitId")
            _ = try await knownSite(siteId)
            let withdrawn = try await storing {
                try await store.withdrawLimitSignal(siteId: siteId, id: limitId, byKeyId: APICaller.keyId)
            }
            await sites.limitsChanged(siteId: siteId)
            return JSONResponse.make(Representations.limitSignal(withdrawn, now: now()))
        }
    }

    private func knownSite(_ siteId: String) async throws -> [String] {
        guard let nodes = await sites.nodeNames(ofSite: siteId) else {
            throw APIError.notFound("site '\(siteId)' does not exist; GET /api/v1/sites lists the sites")
        }
        return nodes
    }

    /// Reads and checks the whole body before anything is stored, so a bad field stores nothing.
    private func makeSignal(_ body: JSONRequestBody, siteId: String, nodes: [String]) throws -> LimitSignalRecord {
        try body.allowOnly(Self.fields)
        let node = try body.string("node") ?? nodes[0]
        guard nodes.contains(node) else {
            throw APIError.badRequest("is '\(node)', not a node of site '\(siteId)'; its nodes are \(nodes.joined(separator: ", "))", field: "node")
        }
        let current = now()
        let start = try body.date("start") ?? current
        guard let end = try body.date("end") else { throw APIError.badRequest("is required (when the limit stops applying)", field: "end") }
        guard end > start else { throw APIError.badRequest("must be after start (\(OCPPDateTime.format(start)))", field: "end") }
        guard end > current else { throw APIError.badRequest("is in the past; a signal must end in the future", field: "end") }
        let importKW = try body.nonNegativeNumber("importLimitKW")
        let importA = try body.nonNegativeNumbers("importLimitA", count: 3)
        let exportKW = try body.nonNegativeNumber("exportLimitKW")
        guard importKW != nil || importA != nil || exportKW != nil else {
            throw APIError.badRequest("or importLimitA (A on L1, L2, L3) or exportLimitKW is required", field: "importLimitKW")
        }
        let source = try body.string("source") ?? APICaller.keyId.map { "key:\($0)" } ?? "operator"
        let externalId = try body.string("id")
        for (name, text) in [("source", source), ("id", externalId ?? "x")] {
            if let problem = ExactnessCheck.identifierProblem(text) { throw APIError.badRequest(problem, field: name) }
            if text.isEmpty || text.count > LimitSignalRecord.maxTextLength {
                throw APIError.badRequest("must be 1…\(LimitSignalRecord.maxTextLength) characters", field: name)
            }
        }
        return LimitSignalRecord(
            id: "lim_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20), siteId: siteId,
            nodeId: node, startsAt: start, endsAt: end, importLimitKW: importKW, importLimitA: importA, exportLimitKW: exportKW,
            source: source, externalId: externalId, createdByKeyId: APICaller.keyId)
    }
}

/// Runs a store call, turning its typed refusal into the matching API error.
func storing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StorageError {
        throw APIError.from(error)
    }
}

extension APIError {
    /// The API error for a store's refusal: invalid → 400, not found → 404, conflict → 409; a
    /// backend failure stays itself (a 500 that is logged).
    static func from(_ error: StorageError) -> any Error {
        switch error.code {
        case .invalid: return APIError.badRequest(error.message)
        case .notFound: return APIError.notFound(error.message)
        case .conflict: return APIError(.conflict, code: "conflict", error.message)
        case .backend: return error
        }
    }
}
