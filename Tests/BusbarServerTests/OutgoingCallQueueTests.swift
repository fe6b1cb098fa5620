import Testing

@testable import BusbarServer

/// The outgoing queue as a pure state machine (issue #10 defects 2 and 3): bounds, and deadlines
/// that end a queued call as well as the one in flight.
@Suite("OutgoingCallQueue")
struct OutgoingCallQueueTests {
    static func call(_ id: String, bytes: Int = 10) -> OutgoingCallQueue.Call {
        .init(messageId: id, action: "GetVariables", frame: String(repeating: "x", count: bytes), timeout: .seconds(1))
    }

    @Test("the first call is sent now, later ones queue until the count bound, then are refused")
    func countBound() {
        var queue = OutgoingCallQueue(limits: .init(maxQueuedCalls: 2, maxQueuedBytes: 1_000))
        #expect(queue.enqueue(Self.call("a")) == .sendNow(Self.call("a")))
        #expect(queue.enqueue(Self.call("b")) == .queued)
        #expect(queue.enqueue(Self.call("c")) == .queued)
        guard case .refused(let reason) = queue.enqueue(Self.call("d")) else {
            Issue.record("a third queued call is refused")
            return
        }
        #expect(reason.contains("limit 2"))
    }

    @Test("queued bytes are bounded; the call in flight does not count")
    func byteBound() {
        var queue = OutgoingCallQueue(limits: .init(maxQueuedCalls: 10, maxQueuedBytes: 100))
        #expect(queue.enqueue(Self.call("a", bytes: 500)) == .sendNow(Self.call("a", bytes: 500)))
        #expect(queue.enqueue(Self.call("b", bytes: 60)) == .queued)
        if case .refused = queue.enqueue(Self.call("c", bytes: 60)) {} else { Issue.record("60 + 60 > 100 is refused") }
        #expect(queue.queuedBytes == 60)
    }

    @Test("a queued call's deadline removes it unsent; the in-flight one's deadline sends the next")
    func deadlines() {
        var queue = OutgoingCallQueue(limits: .init(maxQueuedCalls: 10, maxQueuedBytes: 1_000))
        _ = queue.enqueue(Self.call("a"))
        _ = queue.enqueue(Self.call("b"))
        _ = queue.enqueue(Self.call("c"))
        let queued = queue.deadlinePassed(messageId: "b")
        #expect(queued.expired?.messageId == "b" && queued.next == nil)
        #expect(queue.queuedCount == 1)
        let flying = queue.deadlinePassed(messageId: "a")
        #expect(flying.expired?.messageId == "a" && flying.next?.messageId == "c")
        #expect(queue.deadlinePassed(messageId: "a").expired == nil, "an ended call ends once")
        #expect(queue.answerArrived(messageId: "c").answered?.messageId == "c")
        #expect(queue.inFlight == nil && queue.queuedBytes == 0)
    }
}
