/// How far a multi-part NotifyReport has arrived, so the CSMS knows when its device model copy is whole.
public struct ReportStatus: Sendable, Hashable {
    /// The reporting station.
    public var stationId: String
    /// The report's requestId.
    public var requestId: Int
    /// The seqNos of the parts stored, ascending.
    public var receivedSeqNos: [Int]
    /// The seqNo of the part with tbc = false, once it arrived.
    public var finalSeqNo: Int?
    /// Parts missing below the highest seqNo stored.
    public var missingSeqNos: [Int]
    /// Attributes carried by all parts stored.
    public var variableCount: Int

    /// True when the last part arrived and none is missing.
    public var isComplete: Bool { finalSeqNo != nil && missingSeqNos.isEmpty }

    /// Makes a report status.
    public init(
        stationId: String, requestId: Int, receivedSeqNos: [Int], finalSeqNo: Int?, missingSeqNos: [Int],
        variableCount: Int
    ) {
        self.stationId = stationId
        self.requestId = requestId
        self.receivedSeqNos = receivedSeqNos
        self.finalSeqNo = finalSeqNo
        self.missingSeqNos = missingSeqNos
        self.variableCount = variableCount
    }
}
