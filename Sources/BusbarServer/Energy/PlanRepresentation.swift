import BusbarEnergy
import Foundation
import OCPP

/// A plan and what it was made from as JSON: what the plan routes show and what is stored
/// with every plan, so a past decision can be explained (issue #11 §4, §6).
enum PlanRepresentation {
    /// The plan as `GET /api/v1/sites/{id}/plan` shows it: per EV per slot the current, per
    /// node and phase the executed slot's load against its limit, and which constraint binds.
    static func plan(_ made: SitePlanner.MadePlan) -> JSONValue {
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
                        "why": Representations.optional(made.why["\(allocation.station)/\(allocation.evse)"]),
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

    /// Everything a plan was made from: the site as in force, the EVs and their needs, what
    /// stations that cannot take a new profile hold (counted as load), the limit signals, and
    /// what idle EVSEs were allowed to start with.
    static func inputs(
        _ made: SitePlanner.MadePlan, site: Site, needs: [EnergyNeed], held: [HeldDraw], envelopes: [LimitEnvelope],
        connected: Set<String>, refused: Set<String>, smartCharging: [String: StationSmartCharging], siteJSON known: JSONValue? = nil
    ) -> JSONValue {
        let siteJSON = known ?? Self.site(site)
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        return [
            "at": Representations.date(made.at),
            "reason": .string(made.reason),
            "site": siteJSON,
            "evs": .array(
                needs.map { need in
                    [
                        "transactionId": .string(need.id), "stationId": .string(need.station), "evseId": .number(Double(need.evse)),
                        "maxCurrentA": .number(need.maxCurrentA), "phases": .number(Double(need.phases)),
                        "remainingKWh": number(need.remainingKWh), "departure": Representations.date(need.departure),
                        "group": Representations.optional(need.group),
                    ]
                }),
            "held": .array(
                held.map { draw in
                    [
                        "stationId": .string(draw.station), "evseId": .number(Double(draw.evse)), "phases": .number(Double(draw.phases)),
                        "currentA": .number(draw.currentA),
                        "why": .string(connected.contains(draw.station) ? "refused its last profile" : "offline or not yet reconciled"),
                    ]
                }),
            "limitSignals": .array(
                envelopes.map { envelope in
                    [
                        "limitId": .string(envelope.id), "node": .string(envelope.node), "start": Representations.date(envelope.start),
                        "end": Representations.date(envelope.end), "importLimitKW": number(envelope.importKW),
                        "importLimitA": envelope.importA.map { .array($0.map { .number($0) }) } ?? .null, "source": .string(envelope.source),
                        "baseLoadKW": number(envelope.baseLoadKW),
                    ]
                }),
            "connectedStations": .array(connected.sorted().map { .string($0) }),
            "refusedEVSEs": .array(refused.sorted().map { .string($0) }),
            "smartCharging": .object(
                smartCharging.mapValues { value in
                    [
                        "rateUnits": .array(value.rateUnits.map { .string($0.rawValue) }.sorted { $0.stringValue ?? "" < $1.stringValue ?? "" }),
                        "periodsPerSchedule": .number(Double(value.periodsPerSchedule)), "reported": .bool(value.reported),
                    ]
                }),
            "idleLimitA": .number(made.idleLimitA),
        ]
    }

    /// The site as JSON (its Codable form), made once per site description by the planner.
    static func site(_ site: Site) -> JSONValue {
        guard let data = try? JSONEncoder().encode(site), let text = String(data: data, encoding: .utf8) else { return .null }
        return (try? JSONValue(parsing: text)) ?? .null
    }
}
