import OCPP

/// The last answers given on a connection, by message id. A station that did not get our answer
/// may send the same CALL again with the same id: it gets the same answer without the use case
/// running twice. The same id with different content breaks Part 4 §4.1.4 (ids unique per
/// connection) and is refused. Only a hash of each CALL's frame text is kept (not its payload),
/// so ten thousand connections cost little memory and a lookup costs one pass over the bytes.
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

    /// Classifies a CALL read from `frame` (its text as received).
    func lookup(_ call: RPCCall, frame: String) -> Lookup {
        guard let entry = entries[call.messageId] else { return .new }
        return entry.fingerprint == Self.fingerprint(frame) ? .repeated(answer: entry.answer) : .conflicting
    }

    /// Keeps `answer` for the CALL read from `frame`, forgetting the oldest beyond `capacity`.
    mutating func remember(_ call: RPCCall, frame: String, answer: String) {
        if entries.updateValue(Entry(fingerprint: Self.fingerprint(frame), answer: answer), forKey: call.messageId) == nil {
            order.append(call.messageId)
        }
        if order.count > capacity {
            entries.removeValue(forKey: order.removeFirst())
        }
    }

    /// A station repeating a CALL repeats its frame (OCPP-J §4.1.4: same id, same message), so the
    /// frame's bytes identify it; hashing them once is far cheaper than hashing the parsed
    /// payload's dictionaries. A collision between two different frames with the same message id
    /// would replay an answer, which a 64-bit SipHash makes vanishingly unlikely.
    private static func fingerprint(_ frame: String) -> Int {
        var hasher = Hasher()
        var frame = frame
        frame.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        return hasher.finalize()
    }
}
