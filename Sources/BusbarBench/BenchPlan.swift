/// The validated settings of one bench run.
struct BenchPlan: Sendable {
    var url: String
    var api: String
    /// Bearer key for the operator API (`busbar keys add`); nil when the server has none.
    var apiKey: String?
    var stations: Int
    var rate: Double
    var duration: Duration
    var warmup: Duration
    var password: String?
    var stationPrefix: String
    var connectConcurrency: Int
    var serverPid: Int32?
    var register: Bool
    var idToken: String
    var weights: [(BenchAction, Int)]
    var responseTimeout: Duration
    var updatesPerTransaction: Int

    func stationId(_ index: Int) -> String {
        let digits = String(index)
        return stationPrefix + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
