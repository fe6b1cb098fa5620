/// Transactions and meter values: the billing record, so every write is durable before it returns.
public protocol TransactionStore: Sendable {
    /// Stores a TransactionEvent, its meter values and the transaction's new state in one
    /// transaction. A redelivered (station, transaction, seqNo) returns `.duplicate` and writes
    /// nothing. An Updated or Ended for an unknown transaction creates it (offline starts happen).
    /// Every meter value must name the event's station and transaction (`.invalid` otherwise);
    /// a station that does not exist gives `.notFound`.
    func appendTransactionEvent(
        _ event: TransactionEventRecord, meterValues: [MeterValueRecord], transaction update: TransactionUpdate
    ) async throws(StorageError) -> AppendOutcome
    /// Stores meter values sent outside a transaction (MeterValues message, J01), all in one transaction.
    func appendMeterValues(_ values: [MeterValueRecord]) async throws(StorageError)
    /// Transactions, optionally of one station and/or only (in)active ones, newest first.
    func transactions(stationId: String?, active: Bool?, limit: Int) async throws(StorageError) -> [TransactionRecord]
    /// One transaction, or nil.
    func transaction(stationId: String, transactionId: String) async throws(StorageError) -> TransactionRecord?
    /// Transactions with this id at any station (ids are only unique per station), for look-ups by id alone.
    func transactions(withId transactionId: String) async throws(StorageError) -> [TransactionRecord]
    /// The events of a transaction, by seqNo.
    func transactionEvents(stationId: String, transactionId: String) async throws(StorageError)
        -> [TransactionEventRecord]
    /// The meter values of a transaction (or, with nil, those sent outside any), by timestamp.
    func meterValues(stationId: String, transactionId: String?) async throws(StorageError) -> [MeterValueRecord]
}

extension TransactionStore {
    /// Transactions with the default cap of 1,000 rows, enough for an API page.
    public func transactions(stationId: String? = nil, active: Bool? = nil) async throws(StorageError)
        -> [TransactionRecord]
    {
        try await transactions(stationId: stationId, active: active, limit: 1_000)
    }
}
