import Foundation

/// One TransactionEventRequest as received, kept whole so nothing the station said is lost.
public struct TransactionEventRecord: Codable, Sendable, Hashable {
    /// The sending station.
    public var stationId: String
    /// transactionInfo.transactionId.
    public var transactionId: String
    /// The station's sequence number; with the station and transaction, the redelivery key.
    public var seqNo: Int
    /// Started, Updated or Ended.
    public var eventType: TransactionEventType
    /// When the event happened, by the station's clock.
    public var timestamp: Date
    /// TriggerReasonEnumType string.
    public var triggerReason: String
    /// True when the event happened while the station was offline.
    public var offline: Bool
    /// The whole TransactionEventRequest as JSON, for audit and later re-reading.
    public var payload: String
    /// When the CSMS received it.
    public var receivedAt: Date

    /// Makes an event record.
    public init(
        stationId: String,
        transactionId: String,
        seqNo: Int,
        eventType: TransactionEventType,
        timestamp: Date,
        triggerReason: String,
        offline: Bool = false,
        payload: String,
        receivedAt: Date = Date()
    ) {
        self.stationId = stationId
        self.transactionId = transactionId
        self.seqNo = seqNo
        self.eventType = eventType
        self.timestamp = timestamp
        self.triggerReason = triggerReason
        self.offline = offline
        self.payload = payload
        self.receivedAt = receivedAt
    }

    var key: String { "\(stationId)/\(transactionId)#\(seqNo)" }

    func validate() throws(StorageError) {
        if !StoredText.allStorable(stationId, transactionId, triggerReason, payload) {
            try StoredText.check(
                "transaction event", key: key,
                [("stationId", stationId), ("transactionId", transactionId), ("triggerReason", triggerReason), ("payload", payload)])
        }
        if transactionId.isEmpty || transactionId.count > TransactionRecord.maxTransactionIdLength {
            throw .invalid(
                "transaction event", key: key, field: "transactionId",
                reason: "must be 1…\(TransactionRecord.maxTransactionIdLength) characters")
        }
        if seqNo < 0 {
            throw .invalid("transaction event", key: key, field: "seqNo", reason: "must not be negative")
        }
    }
}
