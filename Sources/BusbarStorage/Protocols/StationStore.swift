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
    /// Changes a station in one transaction (the id cannot change). Throws `.notFound`, and
    /// `.conflict` for a decommissioned station (re-add it with `recommissionStation`).
    func updateStation(
        id: String, _ mutate: @escaping @Sendable (inout StationRecord) -> Void
    ) async throws(StorageError) -> StationRecord
    /// Takes a station out of service and keeps everything stored about it (billing records
    /// outlive stations). Throws `.notFound`, and `.conflict` when it is already decommissioned.
    func decommissionStation(id: String) async throws(StorageError) -> StationRecord
    /// Puts a decommissioned station back in service with `station`'s credentials and boot
    /// policy; its history stays. Throws `.notFound`, and `.conflict` when it is in service.
    func recommissionStation(_ station: StationRecord) async throws(StorageError) -> StationRecord
    /// Removes a station and everything stored about it: the purge. Throws `.notFound`.
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
