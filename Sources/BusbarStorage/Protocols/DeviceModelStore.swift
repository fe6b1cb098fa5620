/// The CSMS's copy of each station's device model, filled by multi-part NotifyReport messages.
public protocol DeviceModelStore: Sendable {
    /// Stores one report part and upserts its attributes in one transaction; returns how far the
    /// report has arrived. A redelivered part replaces the earlier copy. Every variable must name
    /// the part's station (`.invalid` otherwise).
    func storeReportPart(
        _ part: ReportPartRecord, variables: [DeviceModelVariableRecord]
    ) async throws(StorageError) -> ReportStatus
    /// How far the report has arrived, or nil when no part did.
    func reportStatus(stationId: String, requestId: Int) async throws(StorageError) -> ReportStatus?
    /// The station's device model, by component and variable.
    func deviceModel(stationId: String) async throws(StorageError) -> [DeviceModelVariableRecord]
}
