import BusbarEnergy
import Foundation
import Hummingbird
import OCPP

/// `/api/v1/sites/{siteId}/base-load`: readings of a node's non-EV load pushed by a site meter
/// (issue #11 §1). A reading replaces the site file's daily base-load profile for that node from
/// `at` for `validSeconds` (default 15 min), then the profile applies again; a change the plan
/// would notice re-plans the site. Kept in memory: a reading outlives its meter's next one by minutes.
struct SiteBaseLoadRoutes {
    let sites: any SiteDirectory
    let energy: EnergyManager
    /// The clock readings are judged by; tests may move it.
    var now: @Sendable () -> Date = { Date() }

    func register(on router: Router<BasicRequestContext>) {
        let group = router.group("/api/v1/sites/{siteId}/base-load")
        group.post { request, context in
            let siteId = try context.parameters.identifier("siteId")
            guard let nodes = await sites.nodeNames(ofSite: siteId) else { throw APIError.notFound("site '\(siteId)' does not exist") }
            let body = try await JSONRequestBody.read(request, context: context)
            try body.allowOnly(["node", "kW", "at", "validSeconds"])
            let node = try body.string("node") ?? nodes[0]
            guard nodes.contains(node) else {
                throw APIError.invalid("is '\(node)', not a node of site '\(siteId)'; its nodes are \(nodes.joined(separator: ", "))", field: "node")
            }
            guard let kW = try body.nonNegativeNumber("kW") else { throw APIError.invalid("is required (the node's non-EV load in kW)", field: "kW") }
            guard kW.isFinite, kW < 1_000_000 else { throw APIError.invalid("must be below 1,000,000 kW", field: "kW") }
            let current = now()
            let at = try body.date("at") ?? current
            guard at <= current + 60 else { throw APIError.invalid("is in the future; a reading is of what was measured", field: "at") }
            let valid = try body.int("validSeconds") ?? 900
            guard (60...86_400).contains(valid) else { throw APIError.invalid("must be 60 to 86400 seconds", field: "validSeconds") }
            guard at + Double(valid) > current else {
                throw APIError.invalid("with validSeconds \(valid) the reading has already expired", field: "at")
            }
            let reading = LimitEnvelope(
                id: "reading:\(node)", node: node, start: at, end: at + Double(valid), source: APICaller.keyId.map { "key:\($0)" } ?? "operator",
                baseLoadKW: kW)
            await energy.baseLoadRead(siteId: siteId, reading)
            return JSONResponse.make(Self.representation(reading), status: .created)
        }
        group.get { _, context in
            let siteId = try context.parameters.identifier("siteId")
            guard await sites.nodeNames(ofSite: siteId) != nil else { throw APIError.notFound("site '\(siteId)' does not exist") }
            let readings = await energy.baseLoadReadings(siteId: siteId, at: now())
            return JSONResponse.make(.array(readings.map(Self.representation)))
        }
    }

    static func representation(_ reading: LimitEnvelope) -> JSONValue {
        [
            "node": .string(reading.node), "kW": .number(reading.baseLoadKW ?? 0), "at": .string(OCPPDateTime.format(reading.start)),
            "validUntil": .string(OCPPDateTime.format(reading.end)), "source": .string(reading.source),
        ]
    }
}
