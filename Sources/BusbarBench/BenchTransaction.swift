import BusbarSimulator
import OCPP

/// The per-station message state the mix needs: one transaction cycling Started → Updated×N → Ended.
struct BenchTransaction {
    let plan: BenchPlan
    private var transactionId: String?
    private var seqNo = 0
    private var energyWh = 0.0

    init(plan: BenchPlan) {
        self.plan = plan
    }

    mutating func payload(for action: BenchAction, stationIndex: Int) -> JSONValue {
        switch action {
        case .heartbeat:
            return StationMessages.heartbeat()
        case .statusNotification:
            return StationMessages.statusNotification(evseId: 1, connectorId: 1, status: transactionId == nil ? "Available" : "Occupied")
        case .authorize:
            return StationMessages.authorize(idToken: plan.idToken, type: "ISO14443")
        case .transactionEvent:
            return transactionEvent()
        }
    }

    private mutating func transactionEvent() -> JSONValue {
        let now = StationMessages.now()
        guard let transactionId else {
            let id = StationMessages.newTransactionId()
            self.transactionId = id
            seqNo = 1
            return StationMessages.transactionEvent(
                eventType: "Started", triggerReason: "Authorized", seqNo: 0, transactionId: id, chargingState: "Charging",
                evseId: 1, connectorId: 1, idToken: StationMessages.idToken(plan.idToken, type: "ISO14443"),
                meterValues: [reading().energyOnly(timestamp: now, context: "Transaction.Begin")], timestamp: now)
        }
        energyWh += 122.7
        let sequence = seqNo
        seqNo += 1
        if sequence <= plan.updatesPerTransaction {
            return StationMessages.transactionEvent(
                eventType: "Updated", triggerReason: "MeterValuePeriodic", seqNo: sequence, transactionId: transactionId,
                chargingState: "Charging", meterValues: [reading().meterValue(timestamp: now, context: "Sample.Periodic")],
                timestamp: now)
        }
        self.transactionId = nil
        return StationMessages.transactionEvent(
            eventType: "Ended", triggerReason: "StopAuthorized", seqNo: sequence, transactionId: transactionId,
            chargingState: "EVConnected", stoppedReason: "Local",
            idToken: StationMessages.idToken(plan.idToken, type: "ISO14443"),
            meterValues: [reading().energyOnly(timestamp: now, context: "Transaction.End")], timestamp: now)
    }

    private func reading() -> MeterReading {
        .charging(energyWh: energyWh, currentA: 16, phases: 3, stateOfChargePercent: 50)
    }
}
