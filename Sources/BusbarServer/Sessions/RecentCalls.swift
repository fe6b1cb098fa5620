import OCPP

/// The last answers given on a connection, by message id. A station that did not get our answer
/// may send the same CALL again with the same id: it gets the same answer without the use case
/// running twice. The same id with different content breaks Part 4 §4.1.4 (ids unique per
/// connection) and is refused.
struct RecentCalls: Sendable {
    private struct Entry: Sendable {
        let action: String
        let payload: JSONValue
        let answer: String
    }

    /// How many answers are remembered; a station retries its last CALL, not older ones.
    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    init(capacity: Int = 16) {
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
        return entry.action == call.action && entry.payload == call.payload ? .repeated(answer: entry.answer) : .conflicting
    }

    mutating func remember(_ call: RPCCall, answer: String) {
        if entries.updateValue(Entry(action: call.action, payload: call.payload, answer: answer), forKey: call.messageId) == nil {
            order.append(call.messageId)
        }
        if order.count > capacity {
            entries.removeValue(forKey: order.removeFirst())
        }
    }
}
