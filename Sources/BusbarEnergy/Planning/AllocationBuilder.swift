import Foundation

extension AllocationProblem {
    /// Builds the LP for `needs` over `slots` on a compiled site, with `envelopes` as extra limits.
    /// A need on an EVSE the site does not know, or with nothing left to take, gets no columns.
    public static func build(
        topology: SiteTopology, needs: [EnergyNeed], slots: [PlanningSlot],
        envelopes: [LimitEnvelope] = [], held: [HeldDraw] = [], policy: SitePolicy
    ) -> AllocationProblem {
        var vehicles: [Vehicle] = []
        for (index, need) in needs.enumerated() {
            guard let evse = topology.evseIndex(station: need.station, evse: need.evse) else { continue }
            if let remaining = need.remainingKWh, remaining <= 1e-9 { continue }
            let wiring = topology.wiring(of: evse, evPhases: need.phases)
            let compiled = topology.evses[evse]
            let presence = slots.map { slot -> Double in
                if let arrival = need.arrival, arrival > slot.start.addingTimeInterval(1e-3) { return 0 }
                let leave = need.departure ?? slot.end
                return max(0, min(leave, slot.end).timeIntervalSince(slot.start)) / 3600
            }
            guard presence.contains(where: { $0 > 0 }) else { continue }
            let maximum = min(compiled.spec.maxA, need.maxCurrentA)
            guard maximum > 0 else { continue }
            vehicles.append(
                Vehicle(
                    need: index, evse: evse, wiring: wiring, kilowattsPerAmp: topology.kilowattsPerAmp(evse: evse, wiring: wiring),
                    energyKWh: need.remainingKWh ?? .infinity, maxCurrentA: maximum,
                    weight: policy.weight(evse: compiled.key, group: need.group ?? compiled.spec.group), presence: presence,
                    coefficients: topology.coefficients(evse: evse, wiring: wiring)))
        }
        var touched = Set<Int>()
        for vehicle in vehicles { for entry in vehicle.coefficients { touched.insert(entry.checkpoint) } }
        var lineLimits: [LineLimit] = []
        var powerLimits: [PowerLimit] = []
        for (slotIndex, slot) in slots.enumerated() {
            let conditions = topology.conditions(from: slot.start, to: slot.end, envelopes: envelopes, held: held)
            for checkpoint in touched.sorted() {
                let base = conditions.base[checkpoint]
                if let limitA = conditions.limitA[checkpoint] {
                    for line in 0..<3 where limitA[line].isFinite {
                        // A base load above the limit is not the EVs' to fix: they get 0 A there.
                        let floor = base[line].magnitude / cos(.pi / Double(slot.polygonOrder))
                        lineLimits.append(
                            LineLimit(
                                checkpoint: checkpoint, line: line, slot: slotIndex,
                                limitA: max(limitA[line], floor), base: base[line]))
                    }
                }
                if let limitKW = conditions.limitKW[checkpoint] {
                    let baseKW = conditions.baseKW[checkpoint]
                    powerLimits.append(PowerLimit(checkpoint: checkpoint, slot: slotIndex, limitKW: max(limitKW, baseKW), baseKW: baseKW))
                }
            }
        }
        return AllocationProblem(
            slots: slots, vehicles: vehicles, lineLimits: lineLimits, powerLimits: powerLimits,
            earliness: policy.earliness, fairness: policy.fairness, checkpointCount: topology.checkpoints.count)
    }
}
