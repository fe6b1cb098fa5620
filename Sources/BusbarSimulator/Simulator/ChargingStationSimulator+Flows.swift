import Foundation
import OCPP

extension ChargingStationSimulator {
    /// B01 cold boot: BootNotification PowerUp, then (when Accepted) StatusNotification for every connector.
    @discardableResult
    public func boot(reason: BootReasonEnumType = .powerUp) async throws(SimulatorError) -> BootNotificationResponse {
        let response = try await sendBootNotification(reason: reason)
        guard response.status == .accepted else { return response }
        for (evseId, connectorId) in configuration.layout.connectors {
            try await statusNotification(
                evseId: evseId, connectorId: connectorId, status: connectorStatus[evseId]?[connectorId] ?? .available)
        }
        return response
    }

    /// Only the BootNotification; remembers the answer and takes over its heartbeat interval.
    public func sendBootNotification(reason: BootReasonEnumType) async throws(SimulatorError) -> BootNotificationResponse {
        let request = BootNotificationRequest(
            chargingStation: ChargingStationType(
                serialNumber: configuration.serialNumber, model: configuration.model,
                vendorName: configuration.vendorName, firmwareVersion: configuration.firmwareVersion),
            reason: reason)
        let response = try await call(request)
        lastBootResponse = response
        if response.status == .accepted {
            deviceModel.set(.init(component: "OCPPCommCtrlr", variable: "HeartbeatInterval"), to: String(response.interval))
        }
        return response
    }

    /// G02 Heartbeat.
    @discardableResult
    public func heartbeat() async throws(SimulatorError) -> HeartbeatResponse {
        try await call(HeartbeatRequest())
    }

    /// C01 Authorize.
    public func authorize(idToken: String, type: IdTokenEnumType = .iso14443) async throws(SimulatorError) -> AuthorizeResponse {
        try await call(AuthorizeRequest(idToken: IdTokenType(idToken: idToken, type: type)))
    }

    /// G01 StatusNotification; also updates the simulator's own connector status.
    public func statusNotification(evseId: Int, connectorId: Int, status: ConnectorStatusEnumType) async throws(SimulatorError) {
        connectorStatus[evseId, default: [:]][connectorId] = status
        _ = try await call(
            action: "StatusNotification",
            payload: StationMessages.statusNotification(evseId: evseId, connectorId: connectorId, status: status.rawValue))
    }

    /// E02-style start: StatusNotification Occupied, then TransactionEvent Started (seqNo 0) with the
    /// energy register; triggerReason Authorized with an idToken, CablePluggedIn without.
    public func startTransaction(
        evseId: Int = 1, connectorId: Int = 1, idToken: String?, type: IdTokenEnumType = .iso14443
    ) async throws(SimulatorError) -> TransactionHandle {
        guard configuration.layout.evse(evseId) != nil else {
            throw .invalidConfiguration(
                "station \(stationId) has no EVSE \(evseId); its layout has \(configuration.layout.evses.map(\.id))")
        }
        if transactions.values.contains(where: { $0.handle.evseId == evseId }) {
            throw .invalidConfiguration("EVSE \(evseId) of \(stationId) already has a transaction; stop it first")
        }
        try await statusNotification(evseId: evseId, connectorId: connectorId, status: .occupied)
        return try await beginTransaction(
            evseId: evseId, connectorId: connectorId,
            idToken: idToken.map { StationMessages.idToken($0, type: type.rawValue) },
            triggerReason: idToken == nil ? "CablePluggedIn" : "Authorized", remoteStartId: nil)
    }

    func beginTransaction(
        evseId: Int, connectorId: Int, idToken: JSONValue?, triggerReason: String, remoteStartId: Int?
    ) async throws(SimulatorError) -> TransactionHandle {
        var handle = TransactionHandle(
            transactionId: StationMessages.newTransactionId(), evseId: evseId, connectorId: connectorId,
            idToken: idToken?["idToken"]?.stringValue, remoteStartId: remoteStartId, startedResponse: nil)
        var state = TransactionState(
            handle: handle, idToken: idToken, nextSeqNo: 0, startedAt: Date(),
            stateOfChargePercent: 20)
        let seqNo = state.takeSeqNo()
        transactions[handle.transactionId] = state
        connectorStatus[evseId, default: [:]][connectorId] = .occupied
        let payload = StationMessages.transactionEvent(
            eventType: "Started", triggerReason: triggerReason, seqNo: seqNo, transactionId: handle.transactionId,
            chargingState: "Charging", remoteStartId: remoteStartId, evseId: evseId, connectorId: connectorId,
            idToken: idToken,
            meterValues: [
                reading(evseId: evseId, advance: false, soc: 20)
                    .energyOnly(timestamp: StationMessages.now(), context: "Transaction.Begin")
            ])
        let response = try await decodeTransactionEventResponse(call(action: "TransactionEvent", payload: payload))
        handle.startedResponse = response
        transactions[handle.transactionId]?.handle = handle
        return handle
    }

    /// TransactionEvent Updated with a full sampled-data set (energy, power per phase, current, voltage, SoC).
    @discardableResult
    public func sendMeterValues(transaction: TransactionHandle) async throws(SimulatorError) -> TransactionEventResponse {
        try await sendTransactionUpdate(transaction, triggerReason: "MeterValuePeriodic", context: "Sample.Periodic")
    }

    @discardableResult
    func sendTransactionUpdate(
        _ transaction: TransactionHandle, triggerReason: String, context: String
    ) async throws(SimulatorError) -> TransactionEventResponse {
        guard var state = transactions[transaction.transactionId] else {
            throw .invalidConfiguration("transaction \(transaction.transactionId) is not running on \(stationId)")
        }
        let seqNo = state.takeSeqNo()
        state.stateOfChargePercent = min(state.stateOfChargePercent + 1, 100)
        transactions[transaction.transactionId] = state
        let sample = reading(evseId: transaction.evseId, advance: true, soc: state.stateOfChargePercent)
        let payload = StationMessages.transactionEvent(
            eventType: "Updated", triggerReason: triggerReason, seqNo: seqNo, transactionId: transaction.transactionId,
            chargingState: "Charging",
            meterValues: [sample.meterValue(timestamp: StationMessages.now(), context: context)])
        return try await decodeTransactionEventResponse(call(action: "TransactionEvent", payload: payload))
    }

    /// TransactionEvent Ended with stoppedReason and the final energy register, then StatusNotification Available.
    @discardableResult
    public func stopTransaction(
        _ transaction: TransactionHandle, reason: ReasonEnumType = .local
    ) async throws(SimulatorError) -> TransactionEventResponse {
        let trigger: String =
            switch reason {
            case .remote: "RemoteStop"
            case .local: "StopAuthorized"
            case .evDisconnected: "EVCommunicationLost"
            case .deAuthorized: "Deauthorized"
            case .energyLimitReached: "EnergyLimitReached"
            case .timeLimitReached: "TimeLimitReached"
            default: "AbnormalCondition"
            }
        return try await endTransaction(transaction, reason: reason, triggerReason: trigger)
    }

    @discardableResult
    func endTransaction(
        _ transaction: TransactionHandle, reason: ReasonEnumType, triggerReason: String
    ) async throws(SimulatorError) -> TransactionEventResponse {
        guard var state = transactions.removeValue(forKey: transaction.transactionId) else {
            throw .invalidConfiguration("transaction \(transaction.transactionId) is not running on \(stationId)")
        }
        chargingProfiles.transactionEnded(transaction.transactionId)
        let seqNo = state.takeSeqNo()
        let sample = reading(evseId: transaction.evseId, advance: true, soc: state.stateOfChargePercent)
        let payload = StationMessages.transactionEvent(
            eventType: "Ended", triggerReason: triggerReason, seqNo: seqNo, transactionId: transaction.transactionId,
            chargingState: "EVConnected", stoppedReason: reason.rawValue,
            timeSpentCharging: Int(Date().timeIntervalSince(state.startedAt)),
            idToken: triggerReason == "StopAuthorized" ? state.idToken : nil,
            meterValues: [sample.energyOnly(timestamp: StationMessages.now(), context: "Transaction.End")])
        let response = try await decodeTransactionEventResponse(call(action: "TransactionEvent", payload: payload))
        try await statusNotification(evseId: transaction.evseId, connectorId: transaction.connectorId, status: .available)
        return response
    }

    /// The transactions currently running.
    public var activeTransactions: [TransactionHandle] {
        transactions.values.map(\.handle).sorted { $0.evseId < $1.evseId }
    }

    /// A MeterValues message (outside or alongside a transaction) for one EVSE.
    public func meterValues(evseId: Int, context: String = "Sample.Clock") async throws(SimulatorError) {
        let charging = transactions.values.first { $0.handle.evseId == evseId }
        let sample = reading(evseId: evseId, advance: charging != nil, soc: charging?.stateOfChargePercent)
        _ = try await call(
            action: "MeterValues",
            payload: StationMessages.meterValues(
                evseId: evseId, meterValue: sample.meterValue(timestamp: StationMessages.now(), context: context)))
    }

    /// The current reading of an EVSE; `advance` adds one TxUpdatedInterval of energy at the present current.
    ///
    /// Simulated time, not wall time: each update stands for one interval, so tests get the same
    /// energy figures however fast they run.
    func reading(evseId: Int, advance: Bool, soc: Double?) -> MeterReading {
        let evse = configuration.layout.evse(evseId) ?? EVSELayout.EVSE(id: evseId)
        let charging = transactions.values.contains { $0.handle.evseId == evseId }
        var current = charging ? min(evse.maxCurrentAmps, evDemandA[evseId] ?? evse.maxCurrentAmps) : 0
        if let limit = currentLimitA(evseId: evseId) { current = min(current, limit) }
        let phases = evse.phases == 1 ? 1 : 3
        if advance {
            let interval = Double(deviceModel.value(of: .init(component: "SampledDataCtrlr", variable: "TxUpdatedInterval")) ?? "") ?? 60
            energyRegisterWh[evseId, default: 0] += current * 230 * Double(phases) * max(interval, 1) / 3600
        }
        return .charging(energyWh: energyRegisterWh[evseId, default: 0], currentA: current, phases: phases, stateOfChargePercent: soc)
    }

    private func decodeTransactionEventResponse(_ payload: JSONValue) throws(SimulatorError) -> TransactionEventResponse {
        do {
            return try OCPPCoding.decode(TransactionEventResponse.self, from: payload)
        } catch {
            throw .protocolViolation(
                "CSMS answered TransactionEvent with an invalid payload: \(error); payload: \(payload.serialized().prefix(400))")
        }
    }
}
