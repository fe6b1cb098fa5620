import BusbarCSMS
import BusbarStorage
import Foundation
import Logging
import NIOWebSocket
import OCPP
import WSCore

/// One station's live connection: reads its frames in order, answers its CALLs through the CSMS
/// dispatcher, and carries CSMS→station CALLs one at a time (Part 4 §4.1.1), each ending by its
/// own deadline, through a bounded queue.
actor StationSession {
    /// Lifecycle of the connection, explicit rather than a set of flags.
    enum State: Sendable, Equatable {
        case open
        /// Shutting down: the CALL being answered still gets its answer, then the connection closes.
        case draining
        case closing
        case closed
    }

    let stationId: String
    let context: StationContext
    nonisolated let id = UUID()
    private let csms: CSMS
    private let outbound: WebSocketOutboundWriter
    private let frameLog: any FrameLogStore
    private let metrics: OCPPMetrics
    private let logger: Logger
    private let validator = OCPPValidator.shared
    private var state = State.open
    private var calls: OutgoingCallQueue
    private var waiters: [String: CheckedContinuation<Result<JSONValue, StationRequestError>, Never>] = [:]
    /// One deadline task per call queued or in flight, cancelled when the call ends otherwise.
    private var deadlines: [String: Task<Void, Never>] = [:]
    /// Bytes of frames handed to the socket writer and not yet taken by the channel (the station
    /// is not reading); a CSMS→station request that would push it past the limit is refused.
    private var pendingWriteBytes = 0
    private let maxPendingWriteBytes: Int
    private var recent = RecentCalls()
    /// A station CALL is being answered (between reading it and writing the answer).
    private var answering = false

    init(
        context: StationContext, csms: CSMS, outbound: WebSocketOutboundWriter, frameLog: any FrameLogStore, metrics: OCPPMetrics,
        limits: ConnectionLimits = .init(), logger: Logger
    ) {
        self.calls = OutgoingCallQueue(limits: .init(maxQueuedCalls: limits.maxQueuedCalls, maxQueuedBytes: limits.maxQueuedBytes))
        self.maxPendingWriteBytes = limits.maxPendingWriteBytes
        self.stationId = context.stationId
        self.context = context
        self.csms = csms
        self.outbound = outbound
        self.frameLog = RedactedFrameLog(frameLog)
        self.metrics = metrics
        self.logger = logger
    }

    // MARK: inbound

    /// Handles one text message from the station and writes whatever answer it calls for.
    func receive(_ text: String) async {
        frameLog.logFrame(FrameLogRecord(stationId: stationId, direction: .incoming, text: text, at: Date()))
        let message: RPCMessage
        do {
            message = try RPCMessage.parse(text)
        } catch {
            guard let reply = error.reply else {
                logger.notice("malformed CALLERROR from station ignored", metadata: ["reason": "\(error.callError.errorDescription)"])
                return
            }
            metrics.callErrorSent(error.callError.errorCode)
            await send(reply.serialized())
            return
        }
        switch message {
        case .call(let call):
            // While draining, new CALLs are left unanswered: the station repeats them after it
            // reconnects, and nothing of them was stored.
            guard state == .open else { return }
            answering = true
            await answer(call, frame: text)
            answering = false
            if state == .draining {
                await close(code: .goingAway, reason: "the CSMS is shutting down")
            }
        case .callResult(let result):
            complete(messageId: result.messageId, with: .success(result.payload))
        case .callError(let error):
            metrics.callErrorReceived()
            complete(messageId: error.messageId, with: .failure(.callError(error)))
        }
    }

    private func answer(_ call: RPCCall, frame text: String) async {
        switch recent.lookup(call, frame: text) {
        case .repeated(let answer):
            await send(answer)
            return
        case .conflicting:
            let error = RPCCallError(
                messageId: call.messageId, errorCode: .rpcFrameworkError,
                errorDescription: "message id '\(call.messageId)' was already used on this connection for another CALL (OCPP-J §4.1.4)")
            metrics.callErrorSent(error.errorCode)
            await send(RPCMessage.callError(error).serialized())
            return
        case .new:
            break
        }
        let started = ContinuousClock.now
        let result = await csms.dispatcher.dispatch(call, context: context, logger: logger)
        let frame: String
        switch result {
        case .success(let payload):
            frame = RPCMessage.callResult(RPCCallResult(messageId: call.messageId, payload: payload)).serialized()
        case .failure(let error):
            metrics.callErrorSent(error.errorCode)
            frame = RPCMessage.callError(error).serialized()
        }
        recent.remember(call, frame: text, answer: frame)
        metrics.callHandled(action: call.action, duration: ContinuousClock.now - started)
        await send(frame)
    }

    // MARK: outbound

    /// Sends a CSMS→station CALL and waits for its answer, queueing behind any call in flight; the
    /// whole wait, queued time included, ends by `timeout` (issue #10 defect 3).
    func call(action: OCPPAction, payload: JSONValue, timeout: Duration) async -> Result<JSONValue, StationRequestError> {
        let deadline = ContinuousClock.now + timeout
        guard state == .open else { return .failure(.connectionClosed(stationId: stationId)) }
        guard context.maySend(action) else {
            return .failure(.notAllowed(stationId: stationId, reason: "its BootNotification was Rejected (B03.FR.03)"))
        }
        let messageId = UUID().uuidString
        let frame = RPCMessage.call(RPCCall(messageId: messageId, action: action.rawValue, payload: payload)).serialized()
        let outgoing = OutgoingCallQueue.Call(messageId: messageId, action: action.rawValue, frame: frame, timeout: timeout)
        if pendingWriteBytes + outgoing.size > maxPendingWriteBytes {
            metrics.requestRefused()
            return .failure(
                .overloaded(
                    stationId: stationId,
                    reason: "\(pendingWriteBytes) bytes already wait for its socket (limit \(maxPendingWriteBytes)); it is not reading"))
        }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<JSONValue, StationRequestError>, Never>) in
            switch calls.enqueue(outgoing) {
            case .refused(let reason):
                metrics.requestRefused()
                continuation.resume(returning: .failure(.overloaded(stationId: stationId, reason: reason)))
                return
            case .sendNow(let now):
                Task { await self.transmit(now) }
            case .queued:
                break
            }
            waiters[messageId] = continuation
            deadlines[messageId] = Task { [weak self] in
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return
                }
                await self?.expire(messageId: messageId)
            }
        }
        guard case .success(let response) = result else { return result }
        if let failure = validator.validate(response, action: action, direction: .response).first {
            return .failure(.invalidResponse(reason: "\(action.rawValue)Response at \(failure.path): \(failure.reason)"))
        }
        return .success(response)
    }

    private func transmit(_ call: OutgoingCallQueue.Call) async {
        // A TriggerMessage or report request sent while Pending allows the station to send what
        // it asked for (B02.FR.09 and TC_B_30: triggered messages are not refused).
        if context.registration == .pending {
            allowTriggeredAnswer(of: call)
        }
        metrics.callSent(action: call.action)
        await send(call.frame)
    }

    private func allowTriggeredAnswer(of call: OutgoingCallQueue.Call) {
        switch call.action {
        case OCPPAction.getBaseReport.rawValue, OCPPAction.getReport.rawValue:
            context.allowWhilePending(.notifyReport)
        case OCPPAction.triggerMessage.rawValue:
            if let request = try? RPCMessage.parse(call.frame), case .call(let rpc) = request,
                case .string(let requested)? = rpc.payload["requestedMessage"], let action = OCPPAction(rawValue: requested)
            {
                context.allowWhilePending(action)
            }
        default:
            break
        }
    }

    private func expire(messageId: String) async {
        deadlines.removeValue(forKey: messageId)
        let (expired, next) = calls.deadlinePassed(messageId: messageId)
        guard let expired else { return }
        waiters.removeValue(forKey: messageId)?.resume(
            returning: .failure(.timeout(stationId: stationId, action: expired.action, after: expired.timeout)))
        if let next { await transmit(next) }
    }

    private func complete(messageId: String, with result: Result<JSONValue, StationRequestError>) {
        let (answered, next) = calls.answerArrived(messageId: messageId)
        guard answered != nil else {
            logger.notice(
                "answer for a message id not in flight ignored",
                metadata: ["station": "\(stationId)", "messageId": "\(messageId.prefix(36))"])
            return
        }
        deadlines.removeValue(forKey: messageId)?.cancel()
        waiters.removeValue(forKey: messageId)?.resume(returning: result)
        if let next { Task { await self.transmit(next) } }
    }

    // MARK: lifecycle

    /// Closes the WebSocket (replaced by a newer connection, removed, or shutting down).
    func close(code: WebSocketErrorCode, reason: String) async {
        guard state == .open || state == .draining else { return }
        state = .closing
        try? await outbound.close(code, reason: reason)
    }

    /// Graceful shutdown: closes with 1001 once the CALL being answered (if any) has its answer.
    func drain() async {
        guard state == .open else { return }
        if answering {
            state = .draining
        } else {
            await close(code: .goingAway, reason: "the CSMS is shutting down")
        }
    }

    /// Fails every call still queued or in flight; the connection is gone.
    func connectionEnded() {
        state = .closed
        for call in calls.drain() {
            deadlines.removeValue(forKey: call.messageId)?.cancel()
            waiters.removeValue(forKey: call.messageId)?.resume(returning: .failure(.connectionClosed(stationId: stationId)))
        }
    }

    private func send(_ frame: String) async {
        frameLog.logFrame(FrameLogRecord(stationId: stationId, direction: .outgoing, text: frame, at: Date()))
        let size = frame.utf8.count
        pendingWriteBytes += size
        defer { pendingWriteBytes -= size }
        do {
            try await outbound.write(.text(frame))
        } catch {
            logger.debug("write to station failed", metadata: ["station": "\(stationId)", "error": "\(error)"])
        }
    }
}
