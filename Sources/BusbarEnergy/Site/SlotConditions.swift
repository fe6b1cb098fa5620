import Foundation

/// What holds at every checkpoint during one slot: the limits in force and the base load.
public struct SlotConditions: Sendable {
    /// Per checkpoint: the per-phase limit (A), if any.
    public var limitA: [[Double]?]
    /// Per checkpoint: the power limit (kW), if any.
    public var limitKW: [Double?]
    /// Per checkpoint: why the limit is what it is.
    public var source: [String]
    /// Per checkpoint: the base load's line phasors.
    public var base: [[Phasor]]
    /// Per checkpoint: the base load (kW).
    public var baseKW: [Double]
}

extension SiteTopology {
    /// The conditions of every checkpoint over `[from, to)`.
    /// `held` draws count like base load.
    public func conditions(from: Date, to: Date, envelopes: [LimitEnvelope] = [], held: [HeldDraw] = []) -> SlotConditions {
        let count = checkpoints.count
        var result = SlotConditions(
            limitA: [], limitKW: [], source: [], base: Array(repeating: [.zero, .zero, .zero], count: count),
            baseKW: Array(repeating: 0, count: count))
        for index in 0..<count {
            let limits = limits(checkpoint: index, from: from, to: to, envelopes: envelopes)
            result.limitA.append(limits.limitA)
            result.limitKW.append(limits.limitKW)
            result.source.append(limits.source)
        }
        // A reading pushed for a node replaces its profile where it applies (the highest that meets the window).
        var readings: [String: Double] = [:]
        for envelope in envelopes where envelope.start < to && from < envelope.end {
            guard let kW = envelope.baseLoadKW else { continue }
            readings[envelope.node] = max(readings[envelope.node] ?? 0, kW)
        }
        var loads = baseLoads.map { (node: $0.node, kW: readings[$0.node] ?? baseLoad($0.steps, from: from, to: to), voltageLN: $0.voltageLN) }
        for (node, kW) in readings where !baseLoads.contains(where: { $0.node == node }) {
            guard let own = checkpoints.first(where: { $0.node == node && !$0.name.hasSuffix("(primary)") }) else { continue }
            loads.append((node, kW, own.voltageLN))
        }
        for load in loads {
            let kW = load.kW
            guard kW > 0 else { continue }
            for entry in propagate(SiteTopology.baseLoadLinesPerKW(voltageLN: load.voltageLN), from: load.node) {
                result.baseKW[entry.checkpoint] += kW
                for line in 0..<3 { result.base[entry.checkpoint][line] = result.base[entry.checkpoint][line] + entry.lines[line] * kW }
            }
        }
        for draw in held where draw.currentA > 0 {
            guard let evse = evseIndex(station: draw.station, evse: draw.evse) else { continue }
            let wiring = wiring(of: evse, evPhases: draw.phases)
            let kW = kilowattsPerAmp(evse: evse, wiring: wiring) * draw.currentA
            for entry in coefficients(evse: evse, wiring: wiring) {
                result.baseKW[entry.checkpoint] += kW
                for line in 0..<3 {
                    result.base[entry.checkpoint][line] = result.base[entry.checkpoint][line] + entry.lines[line] * draw.currentA
                }
            }
        }
        return result
    }
}
