import Logging
import OCPP

extension ChargingStationSimulator {
    /// Routes one socket event: responses to their callers, CSMS calls to the answering path, the rest to the raw queue.
    func handle(_ event: StationConnection.Event) {
        switch event {
        case .text(let text):
            logger.trace("← \(text)")
            route(text)
        case .binary(let byteCount):
            logger.warning("CSMS sent a binary frame (\(byteCount) bytes); OCPP-J uses text frames only")
            deliverRaw("<binary frame: \(byteCount) bytes>")
        case .closed(let code, let reason, let error):
            logger.debug("connection closed", metadata: ["code": "\(code.map(String.init) ?? "-")", "reason": "\(reason ?? "")"])
            let state = ConnectionState.closed(closeCode: code, reason: reason, error: error)
            connection = nil
            connectionState = state
            for (id, waiter) in waiters.sorted(by: { $0.key < $1.key }) {
                if case .closed = waiter.kind { resolve(id, with: .closed(state)) }
            }
            failAllWaiters(with: error ?? .connectionClosed(stationId: stationId, closeCode: code, reason: reason))
        }
    }

    private func route(_ text: String) {
        let message: RPCMessage
        do {
            message = try RPCMessage.parse(text)
        } catch {
            logger.warning("CSMS sent a frame that is not valid OCPP-J: \(error)")
            deliverRaw(text)
            return
        }
        switch message {
        case .callResult(let result):
            if let id = responseWaiters[result.messageId] {
                resolve(id, with: .response(result.payload))
            } else {
                deliverRaw(text)
            }
        case .callError(let error):
            if let id = responseWaiters[error.messageId], case .response(_, let action, _) = waiters[id]?.kind {
                resolve(
                    id,
                    with: .failure(
                        SimulatorError.callError(
                            action: action, messageId: error.messageId, code: error.errorCode.rawValue,
                            description: error.errorDescription, details: error.errorDetails.serialized())))
            } else {
                deliverRaw(text)
            }
        case .call(let call):
            let received = ReceivedCall(messageId: call.messageId, action: call.action, payload: call.payload)
            record(received)
            if handlers[call.action] != nil || configuration.answerCSMSCalls {
                // Answer off the reader so a slow handler never holds up our own responses.
                Task { await self.answer(call, received: received) }
            } else {
                deliverRaw(text)
            }
        }
    }

    private func deliverRaw(_ text: String) {
        let rawWaiter = waiters.filter { if case .rawFrame = $0.value.kind { true } else { false } }.keys.min()
        if let rawWaiter {
            resolve(rawWaiter, with: .frame(text))
        } else {
            rawInbox.append(text)
        }
    }

    private func record(_ call: ReceivedCall) {
        receivedCalls.append(call)
        let index = receivedCalls.count - 1
        let match = waiters.filter {
            if case .csmsCall(let action, _) = $0.value.kind { action == nil || action == call.action } else { false }
        }.keys.min()
        if let match {
            claimedCalls.insert(index)
            resolve(match, with: .call(call))
        }
    }

    /// Waits for the next CSMS call of `action` not yet returned by an earlier wait (nil: any action).
    public func waitForCall(action: String?, timeout: Duration = .seconds(10)) async throws(SimulatorError) -> ReceivedCall {
        if let index = receivedCalls.indices.first(where: {
            !claimedCalls.contains($0) && (action == nil || receivedCalls[$0].action == action)
        }) {
            claimedCalls.insert(index)
            return receivedCalls[index]
        }
        let id = makeWaiterId()
        return try await suspend(
            id: id, timeout: timeout, operation: "waiting for the CSMS to send \(action ?? "any call") to \(stationId)"
        ) { .csmsCall(action: action, $0) }
    }

    /// Typed convenience: waits for the next CSMS call of `action`.
    public func waitForCall(action: OCPPAction, timeout: Duration = .seconds(10)) async throws(SimulatorError) -> ReceivedCall {
        try await waitForCall(action: action.rawValue, timeout: timeout)
    }

    /// The recorded CSMS calls of one action.
    public func receivedCalls(of action: OCPPAction) -> [ReceivedCall] {
        receivedCalls.filter { $0.action == action.rawValue }
    }
}
