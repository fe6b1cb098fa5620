/// OCPP-J allows one outstanding CALL per direction (Part 4 §4.1.1: a sender SHALL wait for the
/// answer before sending the next CALL). This state machine queues CSMS→station CALLs, tells the
/// session which frame to send next, and matches answers and timeouts to the call in flight.
/// Pure value type: the session actor owns one and carries out what it returns.
struct OutgoingCallQueue: Sendable {
    /// A CALL waiting to be sent or awaiting its answer.
    struct Call: Sendable, Equatable {
        let messageId: String
        let action: String
        let frame: String
        let timeout: Duration
    }

    private(set) var inFlight: Call?
    private var waiting: [Call] = []
    private var waitingHead = 0

    /// Number of calls not yet sent.
    var queuedCount: Int { waiting.count - waitingHead }

    /// Adds a call; returns it when it should be sent now (nothing else in flight).
    mutating func enqueue(_ call: Call) -> Call? {
        if inFlight == nil {
            inFlight = call
            return call
        }
        waiting.append(call)
        return nil
    }

    /// An answer arrived for `messageId`. Returns the matched call (nil when the id is not the
    /// one in flight: a late or unknown answer) and the next call to send.
    mutating func answerArrived(messageId: String) -> (answered: Call?, next: Call?) {
        guard let current = inFlight, current.messageId == messageId else { return (nil, nil) }
        inFlight = nil
        return (current, promoteNext())
    }

    /// The call `messageId` timed out (if it is still in flight); returns it and the next call.
    mutating func timedOut(messageId: String) -> (expired: Call?, next: Call?) {
        let (expired, next) = answerArrived(messageId: messageId)
        return (expired, next)
    }

    /// Removes a queued (not yet sent) call, e.g. when its caller was cancelled.
    mutating func cancelQueued(messageId: String) -> Bool {
        guard let index = waiting[waitingHead...].firstIndex(where: { $0.messageId == messageId }) else { return false }
        waiting.remove(at: index)
        return true
    }

    /// The connection closed: every call in flight or queued fails.
    mutating func drain() -> [Call] {
        var all: [Call] = []
        if let inFlight { all.append(inFlight) }
        all.append(contentsOf: waiting[waitingHead...])
        inFlight = nil
        waiting = []
        waitingHead = 0
        return all
    }

    private mutating func promoteNext() -> Call? {
        guard waitingHead < waiting.count else { return nil }
        let next = waiting[waitingHead]
        waitingHead += 1
        if waitingHead > 32, waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
        inFlight = next
        return next
    }
}
