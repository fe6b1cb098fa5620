import Foundation

/// Stations, their boots and their connectors' status: what provisioning and BootNotification /
/// StatusNotification handling need.
public protocol StationStore: Sendable {
    /// Adds a station; the store stamps `createdAt`/`updatedAt`. Throws `.conflict` when the id exists.
    func createStation(_ station: StationRecord) async throws(StorageError) -> StationRecord
    /// The station with this id, or nil.
    func station(id: String) async throws(StorageError) -> StationRecord?
    /// All stations, by id.
    func stations() async throws(StorageError) -> [StationRecord]
    /// Changes a station in one transaction (the id cannot change). Throws `.notFound`.
    func updateStation(
        id: String, _ mutate: @escaping @Sendable (inout StationRecord) -> Void
    ) async throws(StorageError) -> StationRecord
    /// Removes a station and everything stored about it. Throws `.notFound`.
    func deleteStation(id: String) async throws(StorageError)
    /// Keeps what a BootNotification said and the status answered. Throws `.notFound`.
    func recordBoot(
        stationId: String, info: BootInfo, reason: String, status: String, at: Date
    ) async throws(StorageError) -> StationRecord
    /// Appends to the status history and replaces the connector's current status, atomically.
    func recordConnectorStatus(_ status: ConnectorStatusRecord) async throws(StorageError)
    /// The current status of each connector of the station, by EVSE and connector.
    func connectorStatuses(stationId: String) async throws(StorageError) -> [ConnectorStatusRecord]
    /// Past status changes of the station, newest first.
    func connectorStatusHistory(stationId: String, limit: Int) async throws(StorageError) -> [ConnectorStatusRecord]
}
