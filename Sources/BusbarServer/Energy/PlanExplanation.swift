import BusbarEnergy
import Foundation

/// Why each EV gets what the plan gives it now (issue #11 §6: "why an EV gets less than it
/// asks"): its EVSE's rating, its own maximum or measured draw, an operator's cap, the minimum
/// current rule, or the nodes on its path that are at their limit. Pure.
enum PlanExplanation {
    /// What set an EV's maximum below its EVSE's rating, if anything.
    enum Cap: Sendable {
        case measured(Double)
        case evMaximum(Double)
        case operatorCap(Double)
    }

    /// One line per planned EV, by "station/evse".
    static func why(
        _ plan: Plan, topology: SiteTopology, needs: [EnergyNeed], caps: [String: Cap], minimum: Double
    ) -> [String: String] {
        // The checkpoints (and phases) at their limit in the executed slot.
        var tight: [String: String] = [:]
        for load in plan.loads {
            guard let limit = load.limit, limit > 0, load.value >= limit * 0.995 else { continue }
            let where_ = load.phase.map { "\(load.name) \($0)" } ?? "\(load.name) kW"
            tight[load.name] = tight[load.name].map { $0 + ", " + where_ } ?? where_
            if load.source != "site file" { tight[load.name]! += " (\(load.source))" }
        }
        var result: [String: String] = [:]
        for allocation in plan.allocations {
            let slot = "\(allocation.station)/\(allocation.evse)"
            guard let index = topology.evseIndex(station: allocation.station, evse: allocation.evse) else { continue }
            let rating = topology.evses[index].spec.maxA
            let got = allocation.currentA.first ?? 0
            let need = needs.first { $0.station == allocation.station && $0.evse == allocation.evse }
            if got >= rating - 0.05 {
                result[slot] = "gets all its EVSE allows (\(rating) A)"
                continue
            }
            if let need, got >= need.maxCurrentA - 0.05 {
                switch caps[slot] {
                case .measured(let amps)?: result[slot] = "draws less than it may: planned at what it draws + 1 A (\(amps) A)"
                case .evMaximum(let amps)?: result[slot] = "its own maximum (\(amps) A, K15 charging needs)"
                case .operatorCap(let amps)?: result[slot] = "an operator's ChargingStationMaxProfile (\(amps) A)"
                case nil: result[slot] = "gets all it may take (\(need.maxCurrentA) A)"
                }
                continue
            }
            let path = Set(topology.checkpointIndices(above: topology.evses[index].nodePath[0]).map { topology.checkpoints[$0].name })
            let binding = path.compactMap { tight[$0] }.sorted()
            if got < 1e-9, !binding.isEmpty {
                result[slot] = "0 A: the headroom left by \(binding.joined(separator: "; ")) is below the minimum current (\(minimum) A)"
            } else if !binding.isEmpty {
                result[slot] = "shares the capacity of \(binding.joined(separator: "; ")), at its limit"
            } else if let remaining = need?.remainingKWh, remaining <= plan.plannedKWh {
                result[slot] = "its remaining energy (\(String(format: "%.1f", remaining)) kWh) is spread over its stay"
            } else {
                result[slot] = "the plan gives its share later in the horizon (fairness and priorities over the stay)"
            }
        }
        return result
    }
}
