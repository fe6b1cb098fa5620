/// OCPP-J allows one outstanding CALL per direction (Part 4 §4.1.1: a sender SHALL wait for the
/// answer before sending the next CALL). This state machine queues CSMS→station CALLs, tells the
/// session which frame to send next, and matches answers and deadlines to the calls. Each call has
/// its own deadline, counted from when it was accepted, so a queued call ends on time whether or
/// not it was sent (issue #10 defect 3); the queue is bounded in calls and bytes so a station that
/// does not answer cannot make the CSMS hold an unbounded backlog (defect 2).
/// Pure value type: the session actor owns one and carries out what it returns.
struct OutgoingCallQueue: Sendable {
    /// A CALL waiting to be sent or awaiting its answer.
    struct Call: Sendable, Equatable {
        let messageId: String
        let action: String
        let frame: String
        let timeout: Duration
        /// Bytes of the frame, counted against `Limits.maxQueuedBytes`.
        var size: Int { frame.utf8.count }
    }

    /// Bounds of the calls waiting behind the one in flight.
    struct Limits: Sendable, Equatable {
        var maxQueuedCalls: Int
        var maxQueuedBytes: Int
    }

    /// What `enqueue` decided.
    enum Admission: Sendable, Equatable {
        /// Nothing is in flight: send this call now.
        case sendNow(Call)
        /// Waits behind the call in flight.
        case queued
        /// The queue is full; the reason says which bound was hit.
        case refused(reason: String)
    }

    let limits: Limits
    private(set) var inFlight: Call?
    private var waiting: [Call] = []
    /// Bytes of the calls not yet sent.
    private(set) var queuedBytes = 0

    init(limits: Limits) {
        self.limits = limits
    }

    /// Number of calls not yet sent.
    var queuedCount: Int { waiting.count }

    /// Adds a call: sent now when nothing is in flight, queued while the bounds allow, else refused.
    mutating func enqueue(_ call: Call) -> Admission {
        if inFlight == nil {
            inFlight = call
            return .sendNow(call)
        }
        if waiting.count >= limits.maxQueuedCalls {
            return .refused(reason: "\(waiting.count) requests are already queued for it (limit \(limits.maxQueuedCalls))")
        }
        if queuedBytes + call.size > limits.maxQueuedBytes {
            return .refused(
                reason: "its queue holds \(queuedBytes) bytes and this request has \(call.size) (limit \(limits.maxQueuedBytes) bytes)")
        }
        waiting.append(call)
        queuedBytes += call.size
        return .queued
    }

    /// An answer arrived for `messageId`. Returns the matched call (nil when the id is not the
    /// one in flight: a late or unknown answer) and the next call to send.
    mutating func answerArrived(messageId: String) -> (answered: Call?, next: Call?) {
        guard let current = inFlight, current.messageId == messageId else { return (nil, nil) }
        inFlight = nil
        return (current, promoteNext())
    }

    /// The deadline of `messageId` passed: a call in flight ends and the next is sent; a queued
    /// call leaves the queue unsent. Nil when the call already ended.
    mutating func deadlinePassed(messageId: String) -> (expired: Call?, next: Call?) {
        if inFlight?.messageId == messageId {
            let (expired, next) = answerArrived(messageId: messageId)
            return (expired, next)
        }
        guard let index = waiting.firstIndex(where: { $0.messageId == messageId }) else { return (nil, nil) }
        let expired = waiting.remove(at: index)
        queuedBytes -= expired.size
        return (expired, nil)
    }

    /// The connection closed: every call in flight or queued fails.
    mutating func drain() -> [Call] {
        var all: [Call] = []
        if let inFlight { all.append(inFlight) }
        all.append(contentsOf: waiting)
        inFlight = nil
        waiting = []
        queuedBytes = 0
        return all
    }

    private mutating func promoteNext() -> Call? {
        guard !waiting.isEmpty else { return nil }
        let next = waiting.removeFirst()
        queuedBytes -= next.size
        inFlight = next
        return next
    }
}
