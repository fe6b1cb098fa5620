import Logging
import OCPP

extension ChargingStationSimulator {
    /// Scripts the answer to one CSMS action, replacing the default (and its follow-up work).
    public func setRequestHandler(for action: OCPPAction, _ handler: @escaping CSMSRequestHandler) {
        handlers[action.rawValue] = handler
    }

    /// Scripts the answer with typed request and response.
    public func setRequestHandler<R: OCPPRequest>(
        for type: R.Type, _ handler: @escaping @Sendable (R) async throws -> R.Response
    ) {
        handlers[R.action.rawValue] = { call in
            let request: R
            do {
                request = try call.decode(R.self)
            } catch {
                return .error(.formatViolation, description: "simulator could not decode \(R.action.rawValue): \(error)")
            }
            return try .response(try await handler(request))
        }
    }

    /// Goes back to the default answer for an action.
    public func removeRequestHandler(for action: OCPPAction) {
        handlers[action.rawValue] = nil
    }

    /// What the station would answer by default, without doing any follow-up work (handlers delegate to it).
    public func defaultReply(to call: ReceivedCall) -> CSMSCallReply {
        var model = deviceModel
        return DefaultCSMSResponder.respond(
            to: RPCCall(messageId: call.messageId, action: call.action, payload: call.payload),
            model: &model, station: snapshot()
        ).reply
    }

    func snapshot() -> StationSnapshot {
        StationSnapshot(
            layout: configuration.layout,
            transactions: transactions.mapValues(\.handle.evseId),
            localListVersion: localListVersion,
            chargingProfiles: chargingProfiles)
    }

    func answer(_ call: RPCCall, received: ReceivedCall) async {
        if let handler = handlers[call.action] {
            let reply: CSMSCallReply
            do {
                reply = try await handler(received)
            } catch let error as RPCCallError {
                reply = .error(error.errorCode, description: error.errorDescription, details: error.errorDetails)
            } catch {
                reply = .error(.internalError, description: "scripted handler failed: \(error)")
            }
            await send(reply, to: call)
            return
        }
        var model = deviceModel
        let outcome = DefaultCSMSResponder.respond(to: call, model: &model, station: snapshot())
        deviceModel = model
        if let version = outcome.localListVersion { localListVersion = version }
        if let profiles = outcome.chargingProfiles { chargingProfiles = profiles }
        if call.action == "SetVariables" { applyDeviceModelSideEffects() }
        await send(outcome.reply, to: call)
        for followUp in outcome.followUps {
            do {
                try await perform(followUp)
            } catch {
                logger.warning("follow-up of \(call.action) failed: \(error)")
            }
        }
    }

    private func send(_ reply: CSMSCallReply, to call: RPCCall) async {
        let frame: String
        switch reply {
        case .result(let payload):
            frame = RPCMessage.callResult(RPCCallResult(messageId: call.messageId, payload: payload)).serialized()
        case .error(let code, let description, let details):
            frame = RPCMessage.callError(
                RPCCallError(
                    messageId: call.messageId, errorCode: code, errorDescription: description, errorDetails: details)
            ).serialized()
        case .raw(let text):
            frame = text
        case .noReply:
            logger.debug("not answering \(call.action) \(call.messageId) (scripted)")
            return
        }
        guard let connection else { return }
        logger.trace("→ \(frame)")
        do {
            try await connection.send(frame)
        } catch {
            logger.warning("could not answer \(call.action): \(error)")
        }
    }

    private func applyDeviceModelSideEffects() {
        // Nothing runs on timers in the simulator, so a changed HeartbeatInterval only shows in reads.
    }

    private func perform(_ followUp: FollowUp) async throws(SimulatorError) {
        switch followUp {
        case .startTransaction(let evseId, let idToken, let remoteStartId):
            _ = try await beginTransaction(
                evseId: evseId, connectorId: 1, idToken: idToken, triggerReason: "RemoteStart", remoteStartId: remoteStartId)
        case .stopTransaction(let transactionId):
            guard let state = transactions[transactionId] else { return }
            try await endTransaction(state.handle, reason: .remote, triggerReason: "RemoteStop")
        case .trigger(let message, let evseId, let connectorId):
            try await performTrigger(message, evseId: evseId, connectorId: connectorId)
        case .report(let requestId, let variables):
            let perMessage =
                Int(
                    deviceModel.value(
                        of: .init(
                            component: "DeviceDataCtrlr", variable: "ItemsPerMessage", variableInstance: "GetReport")) ?? "") ?? 100
            for part in NotifyReportBuilder.parts(
                requestId: requestId, variables: variables, itemsPerMessage: perMessage, generatedAt: StationMessages.now())
            {
                _ = try await call(action: "NotifyReport", payload: part)
            }
        case .reportChargingProfiles(let reports):
            for report in reports {
                do {
                    _ = try await call(action: "ReportChargingProfiles", payload: try OCPPCoding.encode(report))
                } catch let error as SimulatorError {
                    throw error
                } catch {
                    throw .protocolViolation("cannot encode ReportChargingProfiles: \(error)")
                }
            }
        case .availability(let evseId, let connectorId, let status):
            for (evse, connector) in configuration.layout.connectors
            where (evseId == nil || evse == evseId) && (connectorId == nil || connector == connectorId) {
                if transactions.values.contains(where: { $0.handle.evseId == evse }) { continue }
                try await statusNotification(
                    evseId: evse, connectorId: connector, status: ConnectorStatusEnumType(rawValue: status) ?? .unavailable)
            }
        }
    }

    private func performTrigger(_ message: String, evseId: Int?, connectorId: Int?) async throws(SimulatorError) {
        switch message {
        case "BootNotification":
            _ = try await sendBootNotification(reason: .triggered)
        case "Heartbeat":
            _ = try await heartbeat()
        case "StatusNotification":
            for (evse, connector) in configuration.layout.connectors
            where (evseId == nil || evse == evseId) && (connectorId == nil || connector == connectorId) {
                try await statusNotification(
                    evseId: evse, connectorId: connector, status: connectorStatus[evse]?[connector] ?? .available)
            }
        case "MeterValues":
            for evse in configuration.layout.evses where evseId == nil || evse.id == evseId {
                try await meterValues(evseId: evse.id, context: "Trigger")
            }
        case "TransactionEvent":
            for state in transactions.values where evseId == nil || state.handle.evseId == evseId {
                try await sendTransactionUpdate(state.handle, triggerReason: "Trigger", context: "Trigger")
            }
        case "FirmwareStatusNotification":
            _ = try await call(action: "FirmwareStatusNotification", payload: ["status": "Idle"])
        case "LogStatusNotification":
            _ = try await call(action: "LogStatusNotification", payload: ["status": "Idle"])
        default:
            break
        }
    }
}
