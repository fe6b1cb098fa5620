import Foundation
import OCPP

/// What Busbar has learnt about one EV while it charges: what it really draws (meter values,
/// J02/E02), what it asked for over ISO 15118 (K15 NotifyEVChargingNeeds), and the cap that
/// gives the part of its allotment it does not use to the others (issue #11 §3). Pure, so the
/// rules are tested without sockets.
struct EVObservation: Sendable, Hashable {
    /// The highest phase current of the latest reading, A.
    var measuredA: Double?
    /// The latest Energy.Active.Import.Register, Wh.
    var registerWh: Double?
    /// What the EV asked for (K15): energy to transfer from `registerAtNeedsWh`, by `departure`.
    var requestedWh: Double?
    /// The register when the needs were announced.
    var registerAtNeedsWh: Double?
    /// When the EV must be done (K15 departureTime).
    var departure: Date?
    /// The EV's own maximum current per phase (K15 evMaxCurrent), A.
    var evMaxCurrentA: Double?
    /// While the EV draws clearly less than it may: the most it is planned for, A.
    var capA: Double?

    /// How far below its allotment an EV must draw before the rest goes to others, A.
    static let slackA = 2.0
    /// Headroom above what it draws that a capped EV keeps, A.
    static let marginA = 1.0

    /// What a meter value says, in A (Current.Import) and Wh (Energy.Active.Import.Register).
    struct Reading: Sendable, Hashable {
        var currentA: Double?
        var registerWh: Double?
    }

    /// Reads the latest current and energy register from meter values.
    static func reading(_ values: [MeterValueType]) -> Reading {
        var result = Reading()
        for value in values.sorted(by: { $0.timestamp < $1.timestamp }) {
            var currents: [Double] = []
            for sample in value.sampledValue {
                let scale = pow(10, Double(sample.unitOfMeasure?.multiplier ?? 0))
                switch sample.measurand ?? .energyActiveImportRegister {
                case .currentImport:
                    currents.append(sample.value * scale)
                case .energyActiveImportRegister where sample.phase == nil:
                    let unit = sample.unitOfMeasure?.unit ?? "Wh"
                    result.registerWh = sample.value * scale * (unit == "kWh" ? 1000 : 1)
                default:
                    continue
                }
            }
            if let highest = currents.max() { result.currentA = highest }
        }
        return result
    }

    /// Takes a reading; returns true when the cap changed, so the site is re-planned.
    /// - `allowedA`: what the EV may draw now under what its station holds.
    /// - `minimumA`: the site's minimum charging current (a cap never goes below it).
    mutating func observe(_ reading: Reading, allowedA: Double?, minimumA: Double) -> Bool {
        if let register = reading.registerWh { registerWh = register }
        guard let measured = reading.currentA else { return false }
        measuredA = measured
        if let cap = capA {
            // It takes all it may draw again (its cap, or less when the plan gives it less):
            // the EV is no longer what limits it, so it is planned in full again.
            guard measured >= min(cap, allowedA ?? cap) - Self.marginA / 2 else { return false }
            capA = nil
            return true
        }
        guard let allowed = allowedA, measured < allowed - Self.slackA else { return false }
        let cap = max(minimumA, ((measured + Self.marginA) * 2).rounded(.up) / 2)
        guard cap < allowed else { return false }
        capA = cap
        return true
    }

    /// Takes an EV's charging needs (K15).
    mutating func announce(_ needs: ChargingNeedsType) {
        departure = needs.departureTime
        if let ac = needs.acChargingParameters {
            requestedWh = Double(ac.energyAmount)
            evMaxCurrentA = Double(ac.evMaxCurrent)
        } else if let dc = needs.dcChargingParameters {
            requestedWh = dc.energyAmount.map(Double.init)
            evMaxCurrentA = nil  // a DC current is not an AC phase current
        }
        registerAtNeedsWh = registerWh
    }

    /// The energy still wanted, kWh, when the EV said how much it wants.
    var remainingKWh: Double? {
        guard let requested = requestedWh else { return nil }
        let delivered = (registerWh ?? 0) - (registerAtNeedsWh ?? registerWh ?? 0)
        return max(0, requested - delivered) / 1000
    }

    /// The most the EV is planned for: its EVSE's maximum, lowered by the EV's own and by the cap.
    func maximumA(evse: Double) -> Double {
        min(evse, evMaxCurrentA ?? evse, capA ?? evse)
    }
}
