import Foundation

/// One part of a multi-part NotifyReport, remembered so the CSMS can tell when a report is complete.
public struct ReportPartRecord: Codable, Sendable, Hashable {
    /// The reporting station.
    public var stationId: String
    /// The requestId of the GetBaseReport/GetReport that asked for it.
    public var requestId: Int
    /// The part's number, from 0.
    public var seqNo: Int
    /// "To be continued": false on the last part.
    public var tbc: Bool
    /// NotifyReportRequest.generatedAt.
    public var generatedAt: Date
    /// How many attributes the part carried.
    public var variableCount: Int
    /// When the CSMS stored it.
    public var receivedAt: Date

    /// Makes a report part record.
    public init(
        stationId: String, requestId: Int, seqNo: Int, tbc: Bool, generatedAt: Date, variableCount: Int = 0,
        receivedAt: Date = Date()
    ) {
        self.stationId = stationId
        self.requestId = requestId
        self.seqNo = seqNo
        self.tbc = tbc
        self.generatedAt = generatedAt
        self.variableCount = variableCount
        self.receivedAt = receivedAt
    }
}
