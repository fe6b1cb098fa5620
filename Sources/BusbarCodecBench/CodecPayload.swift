/// The bench message, shaped like a three-phase station's periodic meter report.
enum CodecPayload {
    static func transactionEvent(sampledValues count: Int) -> String {
        let kinds = [
            #""measurand": "Energy.Active.Import.Register", "context": "Sample.Periodic", "location": "Outlet", "unitOfMeasure": {"unit": "Wh", "multiplier": 0}"#,
            #""measurand": "Power.Active.Import", "unitOfMeasure": {"unit": "W"}"#,
            #""measurand": "Current.Import", "phase": "L1""#,
            #""measurand": "Current.Import", "phase": "L2""#,
            #""measurand": "Current.Import", "phase": "L3""#,
            #""measurand": "Voltage", "phase": "L1-N""#,
        ]
        let samples = (0..<count).map { index in
            #"{"value": \#(Double(index) * 10.25 + 1), \#(kinds[index % kinds.count])}"#
        }
        return #"""
            {"eventType": "Updated", "timestamp": "2026-01-02T03:04:05.678Z", "triggerReason": "MeterValuePeriodic",
             "seqNo": 7, "offline": false, "numberOfPhasesUsed": 3,
             "transactionInfo": {"transactionId": "7f0c2a9e-tx", "chargingState": "Charging", "timeSpentCharging": 1830},
             "evse": {"id": 1, "connectorId": 1},
             "meterValue": [{"timestamp": "2026-01-02T03:04:00.000Z", "sampledValue": [\#(samples.joined(separator: ", "))]}]}
            """#
    }
}
