import Foundation

/// What `busbar simulate` prints: energy asked and delivered online, the offline optimum of the
/// same model, exact peaks against limits, violations, fairness and re-plan times.
public struct ReplayReport: Sendable {
    /// A checkpoint line's worst moment: the load and the limit in force when load/limit peaked.
    public struct NodePeak: Sendable {
        /// Checkpoint name.
        public var name: String
        /// "L1", "L2", "L3".
        public var phase: String
        /// Load (A) at the worst moment.
        public var peakA: Double
        /// Limit (A) then.
        public var limitA: Double
    }

    /// Energy asked (kWh).
    public var requestedKWh: Double
    /// Energy delivered online (kWh).
    public var deliveredKWh: Double
    /// Energy of the offline optimum (kWh).
    public var offlineKWh: Double?
    /// Exact-limit violations (checkpoint lines × slots over their limit).
    public var violations: Int
    /// Per checkpoint line.
    public var nodes: [NodePeak]
    /// Jain's index of the delivered fractions (1 = all equal).
    public var fairness: Double
    /// Re-plan times (ms), sorted.
    public var replanMilliseconds: [Double]
    /// Sessions replayed.
    public var sessions: Int
    /// Slot length (min).
    public var slotMinutes: Int
    /// Wall time of the whole replay (s).
    public var seconds: Double
    /// Warm-started re-plans and cold ones.
    public var warm: Int, cold: Int
    /// `session_id,start,end,current_a` rows.
    public var schedule: [(session: String, start: Date, end: Date, currentA: Double)]
    /// TxProfiles the server would send again over the replay (an EV's plan moved by ≥ 0.5 A or
    /// went down in any slot both plans cover; ProfileChurn), first profiles of new EVs not counted.
    public var profileChanges = 0
    /// First profiles of EVs new to a plan.
    public var firstProfiles = 0
    /// Re-plans with the same EVs as the one before (nothing arrived or left).
    public var quietPlans = 0
    /// Profile changes in those re-plans: the churn the planner itself causes.
    public var quietChanges = 0
    /// Mean over re-plans of Jain's index of the executed slot's shares (current over what each
    /// EV could take then; 1 = every EV the same share).
    public var executedJain = 1.0
    /// Mean over re-plans and groups of EVs of the same maximum of the executed slot's lowest
    /// current over its highest (1 = equal EVs get equal currents).
    public var executedMinMax = 1.0
    /// Whether the planner knew each session's energy and departure.
    public var knownNeeds = true

    /// Profile changes per re-plan.
    public var profileChangesPerPlan: Double {
        replanMilliseconds.isEmpty ? 0 : Double(profileChanges) / Double(replanMilliseconds.count)
    }
    /// Profile changes per quiet re-plan.
    public var quietChangesPerPlan: Double { quietPlans > 0 ? Double(quietChanges) / Double(quietPlans) : 0 }

    /// Online percentage of the energy asked.
    public var deliveredPercent: Double { requestedKWh > 0 ? deliveredKWh / requestedKWh * 100 : 100 }
    /// Offline percentage.
    public var offlinePercent: Double? { offlineKWh.map { requestedKWh > 0 ? $0 / requestedKWh * 100 : 100 } }
    /// Online over offline.
    public var ratio: Double? { offlineKWh.map { $0 > 0 ? deliveredKWh / $0 : 1 } }

    /// The p-th percentile of the re-plan times (ms).
    public func replan(percentile: Double) -> Double {
        guard !replanMilliseconds.isEmpty else { return 0 }
        let index = min(replanMilliseconds.count - 1, Int((percentile / 100 * Double(replanMilliseconds.count)).rounded(.up)) - 1)
        return replanMilliseconds[max(0, index)]
    }

    /// The human-readable report.
    public var text: String {
        var lines: [String] = []
        lines.append(String(format: "sessions %d, %d-min slots, replay %.1f s", sessions, slotMinutes, seconds))
        lines.append(String(format: "requested %.2f kWh, delivered %.2f kWh (%.2f %%)", requestedKWh, deliveredKWh, deliveredPercent))
        if let offlineKWh, let offlinePercent, let ratio {
            lines.append(
                String(
                    format: "offline optimum %.2f kWh (%.2f %%), online/offline %.4f, gap %.2f pp", offlineKWh, offlinePercent, ratio,
                    offlinePercent - deliveredPercent))
        }
        lines.append("exact-limit violations: \(violations)")
        lines.append(String(format: "fairness (Jain's index of delivered fractions): %.4f", fairness))
        lines.append(
            String(
                format: "executed slot: Jain's index of shares %.4f, equal-maximum EVs lowest/highest %.4f (needs %@)", executedJain,
                executedMinMax, (knownNeeds ? "known" : "unknown") as NSString))
        lines.append(
            String(
                format:
                    "profile changes: %.2f per plan, %d in all (+%d first profiles); %.2f per plan in the %d plans with the same EVs as the last",
                profileChangesPerPlan, profileChanges, firstProfiles, quietChangesPerPlan, quietPlans))
        lines.append(
            String(
                format: "re-plans %d (warm %d, cold %d): p50 %.2f ms, p99 %.2f ms", replanMilliseconds.count, warm, cold,
                replan(percentile: 50), replan(percentile: 99)))
        lines.append("peak per node and phase (exact, at the worst load/limit):")
        for node in nodes {
            let name = (node.name + " " + node.phase).padding(toLength: max(32, node.name.count + 4), withPad: " ", startingAt: 0)
            lines.append(
                name
                    + String(
                        format: "%8.2f A of %8.2f A (%.1f %%)", node.peakA, node.limitA,
                        node.limitA > 0 ? node.peakA / node.limitA * 100 : 0))
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON object (`requested_kwh`, `delivered_kwh`, `delivered_pct`, `offline_pct`,
    /// `violations`, `nodes`, `replan_ms`, plus `offline_kwh`, `ratio`, `fairness`,
    /// `profile_changes` {`per_plan_mean`, `total`, `first`, `quiet_plans`, `quiet_per_plan_mean`}, `executed_fairness` {`jain`,
    /// `min_max`}, `known_needs`).
    public var json: String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "null" }
        func quoted(_ text: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [text], options: [])) ?? Data("[\"\"]".utf8)
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        }
        let nodeObjects = nodes.map {
            "{\"name\":\(quoted($0.name)),\"phase\":\(quoted($0.phase)),\"peak_a\":\(number($0.peakA)),\"limit_a\":\(number($0.limitA))}"
        }
        return
            "{\"requested_kwh\":\(number(requestedKWh)),\"delivered_kwh\":\(number(deliveredKWh)),\"delivered_pct\":\(number(deliveredPercent)),"
            + "\"offline_pct\":\(number(offlinePercent)),\"violations\":\(violations),\"nodes\":[\(nodeObjects.joined(separator: ","))],"
            + "\"replan_ms\":{\"p50\":\(number(replan(percentile: 50))),\"p99\":\(number(replan(percentile: 99)))},"
            + "\"offline_kwh\":\(number(offlineKWh)),\"ratio\":\(number(ratio)),\"fairness\":\(number(fairness)),"
            + "\"profile_changes\":{\"per_plan_mean\":\(number(profileChangesPerPlan)),\"total\":\(profileChanges),\"first\":\(firstProfiles),"
            + "\"quiet_plans\":\(quietPlans),\"quiet_per_plan_mean\":\(number(quietChangesPerPlan))},"
            + "\"executed_fairness\":{\"jain\":\(number(executedJain)),\"min_max\":\(number(executedMinMax))},"
            + "\"known_needs\":\(knownNeeds)}"
    }

    /// The schedule CSV.
    public var scheduleCSV: String {
        let formatter = ISO8601DateFormatter()
        var text = "session_id,start,end,current_a\n"
        for row in schedule {
            text +=
                "\(row.session),\(formatter.string(from: row.start)),\(formatter.string(from: row.end)),\(String(format: "%.3f", row.currentA))\n"
        }
        return text
    }
}
