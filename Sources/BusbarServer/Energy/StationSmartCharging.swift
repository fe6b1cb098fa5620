import BusbarCSMS
import Foundation
import OCPP

/// What a station says about its smart charging in its device model (Part 2 Appendix 3.1.16,
/// SmartChargingCtrlr): the profiles Busbar sends are shaped to fit, so the station never
/// rejects them for their form.
struct StationSmartCharging: Sendable, Hashable {
    /// RateUnit: the units a ChargingSchedule may use.
    var rateUnits: Set<ChargingRateUnitEnumType> = [.a, .w]
    /// PeriodsPerSchedule: the most periods one ChargingSchedule may have.
    var periodsPerSchedule = 24
    /// ProfileStackLevel: the highest stack level accepted.
    var maxStackLevel = 0
    /// Entries (maxLimit): the most profiles installed at once, when the station says.
    var maxEntries: Int?
    /// LimitChangeSignificance (%): a raise smaller than this share of the limit held is not
    /// worth a SetChargingProfile (lowerings are always sent: they keep the site safe).
    var limitChangeSignificance: Double?
    /// Phases3to1: the station can switch a transaction from three phases to one.
    var phases3to1 = false
    /// ACPhaseSwitchingSupported: the station takes `phaseToUse` (which phase a one-phase EV uses).
    var phaseSelection = false
    /// True when Busbar may plan an EV of this station on one phase of a three-phase EVSE: it can
    /// switch, and it uses the phase Busbar names (the plan counts that phase).
    var switchesToOnePhase: Bool { phases3to1 && phaseSelection }
    /// True when the values came from the station, not from these defaults.
    var reported = false

    /// The unit Busbar sends: amperes when the station takes them (the plan's own unit), else watts.
    var unit: ChargingRateUnitEnumType { rateUnits.contains(.a) || !rateUnits.contains(.w) ? .a : .w }

    /// The GetVariables that reads every field (K01 prerequisites: the CSMS knows the station's limits).
    static var request: GetVariablesRequest {
        func item(_ name: String, _ attribute: AttributeEnumType? = nil) -> GetVariableDataType {
            GetVariableDataType(
                attributeType: attribute, component: ComponentType(name: "SmartChargingCtrlr"), variable: VariableType(name: name))
        }
        return GetVariablesRequest(getVariableData: [
            item("RateUnit"), item("PeriodsPerSchedule"), item("ProfileStackLevel"), item("Entries", .maxSet),
            item("LimitChangeSignificance"), item("Phases3to1"), item("ACPhaseSwitchingSupported"),
        ])
    }

    /// The values a GetVariablesResponse carries; variables the station does not know keep their defaults.
    init(response: GetVariablesResponse) {
        for result in response.getVariableResult where result.attributeStatus == .accepted {
            guard let value = result.attributeValue else { continue }
            switch result.variable.name {
            case "RateUnit":
                let units = Set(value.split(separator: ",").compactMap { ChargingRateUnitEnumType(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
                if !units.isEmpty { rateUnits = units }
            case "PeriodsPerSchedule": if let count = Int(value), count >= 1 { periodsPerSchedule = count }
            case "ProfileStackLevel": if let level = Int(value), level >= 0 { maxStackLevel = level }
            case "Entries": maxEntries = Int(value)
            case "Phases3to1": phases3to1 = value.lowercased() == "true"
            case "ACPhaseSwitchingSupported": phaseSelection = value.lowercased() == "true"
            case "LimitChangeSignificance": if let percent = Double(value), percent >= 0, percent <= 100 { limitChangeSignificance = percent }
            default: continue
            }
            reported = true
        }
    }

    /// The defaults, for a station that did not answer: amperes, 24 periods, stack level 0.
    init() {}
}
