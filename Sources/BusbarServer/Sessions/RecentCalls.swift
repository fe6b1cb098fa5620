import OCPP

/// The last answers given on a connection, by message id. A station that did not get our answer
/// may send the same CALL again with the same id: it gets the same answer without the use case
/// running twice. The same id with different content breaks Part 4 §4.1.4 (ids unique per
/// connection) and is refused. Only a hash of each CALL is kept (not its payload), so ten
/// thousand connections cost little memory.
struct RecentCalls: Sendable {
    private struct Entry: Sendable {
        let fingerprint: Int
        let answer: String
    }

    /// How many answers are remembered; a station waits for each answer before its next CALL
    /// and retries only its last one, so a few suffice.
    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// What to do with an incoming CALL given the ones seen before.
    enum Lookup: Equatable {
        case new
        case repeated(answer: String)
        case conflicting
    }

    func lookup(_ call: RPCCall) -> Lookup {
        guard let entry = entries[call.messageId] else { return .new }
        return entry.fingerprint == Self.fingerprint(call) ? .repeated(answer: entry.answer) : .conflicting
    }

    mutating func remember(_ call: RPCCall, answer: String) {
        if entries.updateValue(Entry(fingerprint: Self.fingerprint(call), answer: answer), forKey: call.messageId) == nil {
            order.append(call.messageId)
        }
        if order.count > capacity {
            entries.removeValue(forKey: order.removeFirst())
        }
    }

    /// Equal CALLs hash equally within the process; a collision between two different CALLs
    /// with the same message id would replay an answer, which hashing the action and the whole
    /// payload makes vanishingly unlikely.
    private static func fingerprint(_ call: RPCCall) -> Int {
        var hasher = Hasher()
        hasher.combine(call.action)
        hasher.combine(call.payload)
        return hasher.finalize()
    }
}
