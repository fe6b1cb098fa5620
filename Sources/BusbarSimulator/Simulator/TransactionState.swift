import Foundation
import OCPP

/// The simulator's running record of one transaction: what the next TransactionEvent must carry.
struct TransactionState: Sendable {
    var handle: TransactionHandle
    var idToken: JSONValue?
    /// seqNo of the next TransactionEvent: 0 for Started, then +1 per event (E01.FR.16 style numbering).
    var nextSeqNo: Int
    var startedAt: Date
    var stateOfChargePercent: Double

    mutating func takeSeqNo() -> Int {
        defer { nextSeqNo += 1 }
        return nextSeqNo
    }
}
