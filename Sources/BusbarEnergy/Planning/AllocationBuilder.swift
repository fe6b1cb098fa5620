import Foundation

extension AllocationProblem {
    /// Builds the LP for `needs` over `slots` on a compiled site, with `envelopes` as extra limits.
    /// A need on an EVSE the site does not know, or with nothing left to take, gets no columns.
    /// `slotFairness` names the EVs and slots that get a per-slot fairness floor.
    public static func build(
        topology: SiteTopology, needs: [EnergyNeed], slots: [PlanningSlot],
        envelopes: [LimitEnvelope] = [], held: [HeldDraw] = [], policy: SitePolicy, slotFairness: SlotFairness = .none
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
            let energy = need.remainingKWh ?? .infinity
            let perAmp = topology.kilowattsPerAmp(evse: evse, wiring: wiring)
            // The floor is a fraction of what the EV could take in the slot: its maximum, or less
            // when its remaining energy would be met within the slot.
            let caps = slots.indices.map { s -> Double in
                guard presence[s] > 0 else { return 0 }
                switch slotFairness {
                case .none: return 0
                case .executed: if s > 0 { return 0 }
                case .unknown: if energy.isFinite { return 0 }
                case .all: break
                }
                return min(maximum, energy / (perAmp * presence[s]))
            }
            vehicles.append(
                Vehicle(
                    need: index, evse: evse, wiring: wiring, kilowattsPerAmp: perAmp,
                    energyKWh: energy, maxCurrentA: maximum,
                    weight: policy.weight(evse: compiled.key, group: need.group ?? compiled.spec.group), presence: presence,
                    coefficients: topology.coefficients(evse: evse, wiring: wiring), fairnessCapA: caps))
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
            earliness: policy.earliness, fairness: policy.fairness, checkpointCount: topology.checkpoints.count,
            slotFairness: slotFairness == .none ? 0 : policy.fairness)
    }
}
