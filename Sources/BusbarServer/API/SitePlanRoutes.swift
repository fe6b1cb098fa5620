import BusbarEnergy
import Foundation
import Hummingbird
import OCPP

/// `GET /api/v1/sites/{siteId}/plan`: the plan in force — per EV per slot the current, per
/// node and phase the executed slot's load against its limit, and which constraint binds.
struct SitePlanRoutes {
    let energy: EnergyManager

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/sites/{siteId}/plan") { _, context in
            let siteId = try context.parameters.identifier("siteId")
            guard let planner = await energy.planner(ofSite: siteId) else { throw SiteRoutes.unknown(siteId) }
            guard let made = await planner.lastPlan else {
                throw APIError(.notFound, code: "no_plan", "site '\(siteId)' has not been planned yet; it is planned when a station connects")
            }
            return JSONResponse.make(Self.representation(made))
        }
    }

    static func representation(_ made: SitePlanner.MadePlan) -> JSONValue {
        let plan = made.plan
        let transactions = Dictionary(made.transactions.values.map { ("\($0.station)/\($0.evse)", $0.transactionId) }) { a, _ in a }
        return [
            "planId": .number(Double(made.id)),
            "at": Representations.date(made.at),
            "reason": .string(made.reason),
            "slots": .array(plan.slots.map { ["start": Representations.date($0.start), "end": Representations.date($0.end)] }),
            "allocations": .array(
                plan.allocations.map { allocation in
                    [
                        "transactionId": Representations.optional(transactions["\(allocation.station)/\(allocation.evse)"]),
                        "stationId": .string(allocation.station), "evseId": .number(Double(allocation.evse)),
                        "phases": .array(allocation.terminals.map { .string("\($0)") }),
                        "currentA": .array(allocation.currentA.map { .number(($0 * 100).rounded() / 100) }),
                    ]
                }),
            "loads": .array(
                plan.loads.map { load in
                    [
                        "node": .string(load.name), "phase": load.phase.map { .string("\($0)") } ?? .null,
                        "unit": .string(load.phase == nil ? "kW" : "A"), "value": .number((load.value * 100).rounded() / 100),
                        "limit": load.limit.map { .number($0) } ?? .null, "source": .string(load.source),
                    ]
                }),
            "binding": Representations.optional(plan.binding),
            "plannedKWh": .number((plan.plannedKWh * 1000).rounded() / 1000),
            "milliseconds": .number((plan.milliseconds * 10).rounded() / 10),
        ]
    }
}
