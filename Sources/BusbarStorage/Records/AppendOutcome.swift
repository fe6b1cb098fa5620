/// What appending a transaction event did, so the caller can acknowledge a redelivery
/// without side effects and notice lost messages.
public enum AppendOutcome: Sendable, Hashable {
    /// The event is now durable. `gaps` lists the seqNos still missing below the highest one
    /// stored for the transaction (numbering starts at 0), at most `maxReportedGaps` of them.
    case stored(gaps: [Int])
    /// The same station, transaction and seqNo was stored before; nothing was written.
    case duplicate

    /// Caps the gap list, so a station that numbers events oddly cannot make answers huge.
    public static let maxReportedGaps = 100
}
