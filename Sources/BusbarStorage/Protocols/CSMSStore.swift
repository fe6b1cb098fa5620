/// Everything the CSMS persists, so the server can take one store and a second backend can
/// replace SQLite by implementing the parts.
public protocol CSMSStore: StationStore, IdTokenStore, TransactionStore, StationEventStore, DeviceModelStore,
    FrameLogStore, LimitSignalStore, SiteDocumentStore, EnergyPlanStore
{
    /// Flushes buffers and releases the database; later calls fail with `.backend`.
    func close() async throws(StorageError)
}
