import BusbarEnergy
import Foundation

/// The load a site's meter values show, per node and phase, against the limit in force
/// (issue #11 §6, `GET /api/v1/sites/{id}/load`): the EVs' measured currents summed as phasors
/// through the site's topology, plus the base load the site file assumes. Kept per slot for the
/// last day in memory (a restart starts it afresh); a line above its limit is a violation.
struct SiteLoadMonitor: Sendable {
    /// One node line (or its power) in one slot.
    struct Peak: Sendable, Hashable {
        var node: String
        /// "L1", "L2", "L3", or nil for the power (kW).
        var phase: String?
        /// The highest load seen in the slot: A, or kW when `phase` is nil.
        var peak: Double
        /// The limit in force when the peak was seen.
        var limit: Double?
        /// True when a reading put the line above its limit (beyond 1 % meter tolerance).
        var violated: Bool
    }

    /// One slot's peaks.
    struct Slot: Sendable {
        var start: Date
        var end: Date
        var peaks: [String: Peak]
    }

    /// A meter reading may exceed a limit by this fraction before it counts as a violation.
    static let tolerance = 0.01
    /// How long slots are kept.
    static let retention: TimeInterval = 86_400

    private(set) var slots: [Slot] = []
    private var cachedConditions: (start: Date, envelopes: [LimitEnvelope], conditions: SlotConditions)?
    /// Each EVSE's key and its draw per ampere, made once per topology (a reading only sets currents).
    private var templates: (site: String, evses: Int, keys: [String], draws: [ExactCheck.Draw])?
    /// When the load was last worked out: readings closer together than `interval` only update the EVs' currents.
    private var lastRecorded: Date?
    /// The least time between two recomputations of the site's load.
    static let interval: TimeInterval = 1

    /// True when a reading at `now` is worth working the load out again (a second since the last, or a new slot).
    func due(at now: Date, slotMinutes: Int) -> Bool {
        guard let last = lastRecorded, now >= last, now.timeIntervalSince(last) < Self.interval else { return true }
        let period = Double(slotMinutes * 60)
        return (now.timeIntervalSince1970 / period).rounded(.down) != (last.timeIntervalSince1970 / period).rounded(.down)
    }

    /// Records the load that the EVs' latest currents imply at `now`; returns the node lines
    /// newly seen above their limit in this slot ("node L1", "node kW").
    mutating func record(
        measured: [String: Double], topology: SiteTopology, envelopes: [LimitEnvelope], slotMinutes: Int, now: Date
    ) -> [(node: String, phase: String?)] {
        let period = Double(slotMinutes * 60)
        let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / period).rounded(.down) * period)
        lastRecorded = now
        let conditions: SlotConditions
        if let cached = cachedConditions, cached.start == start, cached.envelopes == envelopes {
            conditions = cached.conditions
        } else {
            conditions = topology.conditions(from: start, to: start + period, envelopes: envelopes)
            cachedConditions = (start, envelopes, conditions)
        }
        if templates?.site != topology.site.id || templates?.evses != topology.evses.count {
            templates = (
                topology.site.id, topology.evses.count, topology.evses.map(\.key),
                topology.evses.indices.map { index in
                    ExactCheck.Draw(
                        coefficients: topology.coefficients(evse: index, wiring: topology.evses[index].wiring),
                        kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: topology.evses[index].wiring), current: 0)
                })
        }
        var draws: [ExactCheck.Draw] = []
        if let templates {
            for (index, key) in templates.keys.enumerated() {
                guard let current = measured[key], current > 0 else { continue }
                var draw = templates.draws[index]
                draw.current = current
                draws.append(draw)
            }
        }
        let (lines, kW) = ExactCheck.loads(draws, conditions: conditions)
        if slots.last?.start != start {
            slots.append(Slot(start: start, end: start + period, peaks: [:]))
            slots.removeAll { $0.end < now - Self.retention }
        }
        let last = slots.count - 1
        var violations: [(node: String, phase: String?)] = []
        func note(_ node: String, _ phase: String?, _ value: Double, _ limit: Double?) {
            let key = "\(node) \(phase ?? "kW")"
            var peak = slots[last].peaks[key] ?? Peak(node: node, phase: phase, peak: 0, limit: limit, violated: false)
            if value >= peak.peak {
                peak.peak = value
                peak.limit = limit
            }
            if let limit, limit.isFinite, value > limit * (1 + Self.tolerance), !peak.violated {
                peak.violated = true
                violations.append((node, phase))
            }
            slots[last].peaks[key] = peak  // In place: no copy of the slot's table per reading.
        }
        for (index, checkpoint) in topology.checkpoints.enumerated() {
            for (line, phase) in ["L1", "L2", "L3"].enumerated() {
                note(checkpoint.name, phase, lines[index][line], conditions.limitA[index]?[line])
            }
            if let limit = conditions.limitKW[index] { note(checkpoint.name, nil, kW[index], limit) }
        }
        return violations
    }

    /// The slots overlapping [from, to), oldest first.
    func slots(from: Date, to: Date) -> [Slot] {
        slots.filter { $0.end > from && $0.start < to }
    }
}
