/// The message kinds the bench drives, with their share of the offered rate.
enum BenchAction: String, CaseIterable, Sendable, Hashable {
    case heartbeat = "Heartbeat"
    case statusNotification = "StatusNotification"
    case authorize = "Authorize"
    case transactionEvent = "TransactionEvent"

    /// The default mix, 30/20/20/30 %: roughly what a busy site sends between heartbeats.
    static let defaultWeights: [BenchAction: Int] = [
        .heartbeat: 30, .statusNotification: 20, .authorize: 20, .transactionEvent: 30,
    ]

    /// Picks an action by weight.
    static func pick(weights: [(BenchAction, Int)], total: Int, using generator: inout some RandomNumberGenerator) -> BenchAction {
        var roll = Int.random(in: 0..<max(total, 1), using: &generator)
        for (action, weight) in weights {
            if roll < weight { return action }
            roll -= weight
        }
        return .heartbeat
    }
}
