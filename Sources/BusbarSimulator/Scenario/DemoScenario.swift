import Logging
import OCPP

/// The `busbar simulate-station` demo: boot, authorize, then `transactions` charging sessions with
/// meter values every `meterInterval`, answering whatever the CSMS sends meanwhile.
///
/// - Parameters:
///   - configuration: where to connect and what the station looks like.
///   - transactions: how many sessions to run, one after another, spread over the EVSEs.
///   - meterInterval: wall-clock pause between TransactionEvent Updated messages.
///   - meterValuesPerTransaction: Updated messages per session.
///   - idToken: the token presented (register it with `POST /api/v1/id-tokens` first).
///   - logger: progress lines at info level.
public func runDemoScenario(
    configuration: SimulatorConfiguration,
    transactions: Int,
    meterInterval: Duration,
    meterValuesPerTransaction: Int = 3,
    idToken: String = "DEMO-TOKEN-0001",
    logger: Logger
) async throws {
    let station = ChargingStationSimulator(configuration: configuration, logger: logger)
    try await station.connect()
    logger.info("connected to \(configuration.connection.endpointURL)")
    do {
        let boot = try await station.boot()
        logger.info("BootNotification: \(boot.status.rawValue), heartbeat interval \(boot.interval) s")
        guard boot.status == .accepted else {
            throw SimulatorError.protocolViolation(
                "CSMS answered BootNotification with \(boot.status.rawValue); the demo needs Accepted "
                    + "(register the station with POST /api/v1/stations and bootStatus Accepted)")
        }
        try await station.heartbeat()
        let authorization = try await station.authorize(idToken: idToken)
        logger.info("Authorize \(idToken): \(authorization.idTokenInfo.status.rawValue)")
        let evses = configuration.layout.evses.map(\.id)
        for index in 0..<max(transactions, 0) {
            let evseId = evses[index % max(evses.count, 1)]
            let transaction = try await station.startTransaction(evseId: evseId, connectorId: 1, idToken: idToken)
            logger.info("transaction \(index + 1)/\(transactions) started: \(transaction.transactionId) on EVSE \(evseId)")
            for _ in 0..<max(meterValuesPerTransaction, 0) {
                try await Task.sleep(for: meterInterval)
                try await station.sendMeterValues(transaction: transaction)
            }
            try await station.stopTransaction(transaction, reason: .local)
            let energy = await station.energyRegisterWh[evseId] ?? 0
            logger.info("transaction \(transaction.transactionId) ended; EVSE \(evseId) register \(Int(energy)) Wh")
        }
    } catch {
        await station.disconnect()
        throw error
    }
    await station.disconnect()
    logger.info("disconnected")
}
