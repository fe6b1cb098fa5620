import BusbarEnergy
import BusbarStorage
import Foundation
import Hummingbird
import OCPP

/// `GET /api/v1/sites/{siteId}/plan`: the plan in force — per EV per slot the current, per
/// node and phase the executed slot's load against its limit, and which constraint binds;
/// `GET …/plans` and `GET …/plans/{planId}`: the stored plans, each with what it was made
/// from, so a past decision can be explained (kept 7 days).
struct SitePlanRoutes {
    let energy: EnergyManager
    let store: any EnergyPlanStore
    let sites: SiteRegistry

    func register(on router: Router<BasicRequestContext>) {
        registerLoad(on: router)
        router.get("/api/v1/sites/{siteId}/plan") { _, context in
            let siteId = try context.parameters.identifier("siteId")
            guard let planner = await energy.planner(ofSite: siteId) else { throw SiteRoutes.unknown(siteId) }
            guard let made = await planner.lastPlan else {
                throw APIError(.notFound, code: "no_plan", "site '\(siteId)' has not been planned yet; it is planned when a station connects")
            }
            return JSONResponse.make(PlanRepresentation.plan(made))
        }
        router.get("/api/v1/sites/{siteId}/plans") { request, context in
            let siteId = try await knownSite(context)
            let query = request.uri.queryParameters
            var limit = 100
            if let text = query["limit"] {
                guard let value = Int(String(text)), (1...1000).contains(value) else {
                    throw APIError.invalid("must be an integer from 1 to 1000", field: "limit")
                }
                limit = value
            }
            var before: Int64?
            if let text = query["before"] {
                guard let value = Int64(String(text)), value > 0 else { throw APIError.invalid("must be a plan id", field: "before") }
                before = value
            }
            let plans = try await store.energyPlans(siteId: siteId, before: before, limit: limit)
            return JSONResponse.make(
                .array(
                    plans.map { plan in
                        [
                            "planId": .number(Double(plan.id ?? 0)), "at": Representations.date(plan.madeAt), "reason": .string(plan.reason),
                        ]
                    }))
        }
        router.get("/api/v1/sites/{siteId}/plans/{planId}") { _, context in
            let siteId = try await knownSite(context)
            let text = try context.parameters.identifier("planId")
            guard let id = Int64(text), id > 0 else { throw APIError.invalid("must be a plan id", field: "planId") }
            guard let plan = try await store.energyPlan(siteId: siteId, id: id) else {
                throw APIError(.notFound, code: "no_plan", "site '\(siteId)' has no stored plan \(id) (plans are kept 7 days)")
            }
            var result = (try? JSONValue(parsing: plan.result)) ?? .null
            if case .object(var fields) = result {
                fields["planId"] = .number(Double(id))
                result = .object(fields)
            }
            return JSONResponse.make([
                "planId": .number(Double(id)), "at": Representations.date(plan.madeAt), "reason": .string(plan.reason),
                "inputs": (try? JSONValue(parsing: plan.inputs)) ?? .null, "plan": result,
            ])
        }
    }

    /// `GET /api/v1/sites/{siteId}/load?from=&to=`: per slot, per node and phase, the peak load
    /// the meter values showed (EV currents as phasor sums, plus the base load the site file
    /// assumes) against the limit in force, and whether it was exceeded.
    func registerLoad(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/sites/{siteId}/load") { request, context in
            let siteId = try context.parameters.identifier("siteId")
            guard let planner = await energy.planner(ofSite: siteId) else { throw SiteRoutes.unknown(siteId) }
            let query = request.uri.queryParameters
            func date(_ name: String, default value: Date) throws -> Date {
                guard let text = query[Substring(name)] else { return value }
                guard let parsed = OCPPDateTime.parse(String(text)) else {
                    throw APIError.invalid("must be an RFC 3339 date-time", field: name)
                }
                return parsed
            }
            let to = try date("to", default: Date() + 1)
            let from = try date("from", default: to - SiteLoadMonitor.retention)
            guard from < to else { throw APIError.invalid("must be before to", field: "from") }
            let slots = await planner.load.slots(from: from, to: to)
            return JSONResponse.make([
                "siteId": .string(siteId), "from": Representations.date(from), "to": Representations.date(to),
                "slots": .array(
                    slots.map { slot in
                        [
                            "start": Representations.date(slot.start), "end": Representations.date(slot.end),
                            "nodes": .array(
                                slot.peaks.values.sorted { ($0.node, $0.phase ?? "~") < ($1.node, $1.phase ?? "~") }.map { peak in
                                    [
                                        "node": .string(peak.node), "phase": Representations.optional(peak.phase),
                                        "unit": .string(peak.phase == nil ? "kW" : "A"), "peak": .number((peak.peak * 100).rounded() / 100),
                                        "limit": peak.limit.flatMap { $0.isFinite ? .number($0) : nil } ?? .null, "exceeded": .bool(peak.violated),
                                    ]
                                }),
                        ]
                    }),
            ])
        }
    }

    private func knownSite(_ context: BasicRequestContext) async throws -> String {
        let siteId = try context.parameters.identifier("siteId")
        guard await sites.entry(siteId) != nil else { throw SiteRoutes.unknown(siteId) }
        return siteId
    }
}
