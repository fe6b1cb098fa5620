/// TransactionEventEnumType: where in its life a transaction event places the transaction (E01–E15).
public enum TransactionEventType: String, Codable, Sendable, Hashable, CaseIterable {
    /// The first event of a transaction.
    case started = "Started"
    /// Any event between the first and the last.
    case updated = "Updated"
    /// The last event; the transaction is over.
    case ended = "Ended"
}
