import BusbarStorage
import Foundation
import Logging
import OCPP

/// E01–E15 — transaction lifecycle. Each event is stored with its meter values in one database
/// transaction before the CALLRESULT; a redelivered event (same seqNo) is acknowledged again
/// without being stored twice (E12 offline queue replay), and gaps in seqNo — which increments by
/// one per event of a transaction (TransactionEventRequest.seqNo) — are logged. An idToken in the
/// event is authorized and its IdTokenInfo returned (E01/E03).
struct TransactionEventHandler: CallHandler {
    let services: CSMSServices
    let authorizer: TokenAuthorizer
    let logger: Logger

    func handle(_ request: TransactionEventRequest, context: StationContext) async throws -> TransactionEventResponse {
        try await handle(request, payload: try OCPPCoding.encode(request), context: context)
    }

    func handle(_ request: TransactionEventRequest, payload: JSONValue, context: StationContext) async throws -> TransactionEventResponse {
        let idTokenInfo: IdTokenInfoType? =
            if let token = request.idToken { try await authorizer.authorize(token) } else { nil }
        let stationId = context.stationId
        let transactionId = request.transactionInfo.transactionId
        let event = TransactionEventRecord(
            stationId: stationId,
            transactionId: transactionId,
            seqNo: request.seqNo,
            eventType: TransactionEventType(rawValue: request.eventType.rawValue) ?? .updated,
            timestamp: request.timestamp,
            triggerReason: request.triggerReason.rawValue,
            offline: request.offline ?? false,
            payload: payload.serialized(),
            receivedAt: Date())
        let meterValues = MeterValueRecords.make(
            stationId: stationId, transactionId: transactionId, evseId: request.evse?.id, meterValues: request.meterValue ?? [])
        let update = TransactionUpdate(
            evseId: request.evse?.id,
            connectorId: request.evse?.connectorId,
            idToken: request.idToken?.idToken,
            idTokenType: request.idToken?.type.rawValue,
            remoteStartId: request.transactionInfo.remoteStartId,
            chargingState: request.transactionInfo.chargingState?.rawValue,
            stoppedReason: request.transactionInfo.stoppedReason?.rawValue)
        let store = services.store
        let outcome = try await services.durable("TransactionEvent \(transactionId)#\(request.seqNo)") {
            try await store.appendTransactionEvent(event, meterValues: meterValues, transaction: update)
        }
        switch outcome {
        case .duplicate:
            logger.debug(
                "TransactionEvent redelivered",
                metadata: ["station": "\(stationId)", "transaction": "\(transactionId)", "seqNo": "\(request.seqNo)"])
        case .stored(let gaps):
            if !gaps.isEmpty {
                logger.warning(
                    "TransactionEvent seqNo gap",
                    metadata: ["station": "\(stationId)", "transaction": "\(transactionId)", "missing": "\(gaps)"])
            }
            switch request.eventType {
            case .started: services.events.publish(.transactionStarted(stationId: stationId, event: request))
            case .updated: services.events.publish(.transactionUpdated(stationId: stationId, event: request))
            case .ended: services.events.publish(.transactionEnded(stationId: stationId, event: request))
            }
        }
        return TransactionEventResponse(idTokenInfo: idTokenInfo)
    }
}
