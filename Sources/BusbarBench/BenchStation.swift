import BusbarSimulator
import OCPP
import Synchronization

/// A lean simulated station for load: one socket, one outstanding call, stateless answers to CSMS
/// calls. The full `ChargingStationSimulator` keeps a device model and logs per station, which is
/// more than 10,000 of them should carry.
///
/// Sending and answering are event-driven rather than one waiting task per station: the driver
/// hands the station each scheduled send, and the answer is matched and recorded in the
/// connection's reading task, which also sends any send that fell due meanwhile. The generator
/// shares the machine with the server, so every task hop it saves is CPU the server gets.
final class BenchStation: Sendable {
    /// How the boot call ended.
    enum Outcome: Sendable, Equatable {
        case result
        case callError(String)
        case timeout
        case closed
    }

    /// A scheduled send: when it was meant to leave, and whether it counts in the figures.
    struct Due: Sendable {
        let intended: ContinuousClock.Instant
        let measured: Bool
        /// Whole seconds since the measured window opened, for the report's timeline.
        var second = 0
    }

    private struct InFlight {
        let messageId: String
        let action: BenchAction
        let due: Due
        let sentAt: ContinuousClock.Instant
        let deadline: ContinuousClock.Instant
        /// The BootNotification of the connect phase, which a task waits for.
        var isBoot = false
        /// Set only for the boot call, which the connect phase waits for.
        var waiter: CheckedContinuation<Outcome, Never>?
        /// The boot answer arrived before its waiter parked.
        var early: Outcome?
    }

    private struct State {
        var inFlight: InFlight?
        /// Sends that fell due while a call was outstanding (OCPP allows one at a time).
        var backlog: [Due] = []
        var transaction: BenchTransaction
        var random = SystemRandomNumberGenerator()
        var dead = false
    }

    let index: Int
    let stationId: String
    private let plan: BenchPlan
    private let stats: BenchStats
    private let responder: StatelessCSMSResponder
    private let totalWeight: Int
    private let state: Mutex<State>
    private let connection = Mutex<BenchSocket?>(nil)

    init(index: Int, plan: BenchPlan, stats: BenchStats, responder: StatelessCSMSResponder) {
        self.index = index
        self.stationId = plan.stationId(index)
        self.plan = plan
        self.stats = stats
        self.responder = responder
        self.totalWeight = plan.weights.reduce(0) { $0 + $1.1 }
        self.state = Mutex(State(transaction: BenchTransaction(plan: plan)))
    }

    /// Gives the station its open connection.
    func attach(_ connection: BenchSocket) {
        self.connection.withLock { $0 = connection }
    }

    var openConnection: BenchSocket? { connection.withLock { $0 } }

    /// True while a call is outstanding or queued.
    var isBusy: Bool { state.withLock { $0.inFlight != nil || !$0.backlog.isEmpty } }

    // MARK: boot

    /// Sends the BootNotification and waits for its answer.
    func boot(payload: JSONValue) async -> Outcome {
        let messageId = StationMessages.newMessageId()
        let now = ContinuousClock.now
        let sendable = state.withLock { state -> Bool in
            guard !state.dead, state.inFlight == nil else { return false }
            state.inFlight = InFlight(
                messageId: messageId, action: .heartbeat, due: Due(intended: now, measured: false), sentAt: now,
                deadline: now + plan.responseTimeout, isBoot: true)
            return true
        }
        guard sendable else { return .closed }
        guard send(StationMessages.callFrame(messageId: messageId, action: "BootNotification", payload: payload)) else {
            return .closed
        }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Outcome? in
                guard var call = state.inFlight, call.messageId == messageId else { return state.dead ? .closed : .timeout }
                if let early = call.early {
                    state.inFlight = nil
                    return early
                }
                call.waiter = continuation
                state.inFlight = call
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    // MARK: load

    /// The driver's turn: sends now, or queues the send behind the call still outstanding.
    func fire(_ due: Due) {
        let frame = state.withLock { state -> String? in
            guard !state.dead else { return nil }
            guard state.inFlight == nil else {
                state.backlog.append(due)
                return nil
            }
            return prepare(due, in: &state)
        }
        if let frame {
            send(frame)
        } else if state.withLock({ $0.dead }), due.measured {
            stats.recordError(station: index, kind: "connection closed")
        }
    }

    /// Builds the next call's frame and marks it in flight.
    private func prepare(_ due: Due, in state: inout State) -> String {
        let action = BenchAction.pick(weights: plan.weights, total: totalWeight, using: &state.random)
        let payload = state.transaction.payload(for: action, stationIndex: index)
        let messageId = StationMessages.newMessageId()
        let now = ContinuousClock.now
        state.inFlight = InFlight(
            messageId: messageId, action: action, due: due, sentAt: now, deadline: now + plan.responseTimeout)
        return StationMessages.callFrame(messageId: messageId, action: action.rawValue, payload: payload)
    }

    /// A text frame from the server, on the socket's event loop.
    func received(_ text: String) {
        guard let head = BenchFrame.peek(text) else { return }
        switch head.messageType {
        case 3: complete(messageId: head.messageId, outcome: .result)
        case 4: complete(messageId: head.messageId, outcome: .callError(head.errorCode ?? "?"))
        default:
            if case .call(let call)? = try? RPCMessage.parse(text), let reply = responder.replyFrame(to: call) {
                send(reply)
            }
        }
    }

    /// The socket closed: the outstanding and queued calls will never be answered.
    func closed() {
        let (call, queued) = state.withLock { state -> (InFlight?, [Due]) in
            defer {
                state.dead = true
                state.inFlight = nil
                state.backlog = []
            }
            return (state.inFlight, state.backlog)
        }
        if let call { finish(call, outcome: .closed, at: .now) }
        for due in queued where due.measured { stats.recordError(station: index, kind: "connection closed") }
    }

    /// Called by the bench's watchdog: fails a call whose deadline passed and moves on.
    func expireIfOverdue(now: ContinuousClock.Instant) {
        let (expired, next) = state.withLock { state -> (InFlight?, String?) in
            guard let call = state.inFlight, call.deadline < now else { return (nil, nil) }
            state.inFlight = nil
            return (call, takeNext(in: &state))
        }
        if let expired { finish(expired, outcome: .timeout, at: now) }
        if let next { send(next) }
    }

    /// Counts whatever is still queued or outstanding at the end of the run as not answered.
    func abandonRemaining() {
        let (call, queued) = state.withLock { state -> (InFlight?, [Due]) in
            defer {
                state.inFlight = nil
                state.backlog = []
            }
            return (state.inFlight, state.backlog)
        }
        if let call, call.due.measured { stats.recordError(station: index, kind: "\(call.action.rawValue) not answered by the end") }
        for due in queued where due.measured { stats.recordError(station: index, kind: "not sent: generator fell behind schedule") }
    }

    private func complete(messageId: String, outcome: Outcome) {
        let now = ContinuousClock.now
        let (answered, next) = state.withLock { state -> (InFlight?, String?) in
            guard var call = state.inFlight, call.messageId == messageId else { return (nil, nil) }
            if call.isBoot, call.waiter == nil {
                // The boot call answered before its waiter parked: leave the outcome for it.
                call.early = outcome
                state.inFlight = call
                return (nil, nil)
            }
            state.inFlight = nil
            return (call, takeNext(in: &state))
        }
        if let answered { finish(answered, outcome: outcome, at: now) }
        if let next { send(next) }
    }

    private func takeNext(in state: inout State) -> String? {
        guard !state.dead, !state.backlog.isEmpty else { return nil }
        return prepare(state.backlog.removeFirst(), in: &state)
    }

    private func finish(_ call: InFlight, outcome: Outcome, at now: ContinuousClock.Instant) {
        if let waiter = call.waiter {
            waiter.resume(returning: outcome)
            return
        }
        guard call.due.measured else { return }
        switch outcome {
        case .result:
            stats.recordSuccess(
                station: index, action: call.action, second: call.due.second, latencyMicros: (now - call.due.intended).micros,
                serviceMicros: (now - call.sentAt).micros, lagMicros: (call.sentAt - call.due.intended).micros)
        case .callError(let code): stats.recordError(station: index, kind: "\(call.action.rawValue) CALLERROR \(code)")
        case .timeout: stats.recordError(station: index, kind: "\(call.action.rawValue) timeout")
        case .closed: stats.recordError(station: index, kind: "connection closed")
        }
    }

    @discardableResult
    private func send(_ frame: String) -> Bool {
        openConnection?.send(frame) ?? false
    }
}
