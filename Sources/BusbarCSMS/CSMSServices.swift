import BusbarStorage
import OCPP

/// What every use case shares: storage, the domain event bus and the operator's configuration.
public struct CSMSServices: Sendable {
    /// Durable state; a CALLRESULT goes out only after the write it acknowledges returned.
    public let store: any CSMSStore
    /// Where use cases announce what happened, after it is durable.
    public let events: DomainEventBus
    /// Operator-tunable behaviour.
    public let configuration: CSMSConfiguration
    /// Vendor-specific DataTransfer handlers (P01/P02).
    public let dataTransfer: DataTransferRegistry

    /// Bundles the shared services.
    public init(
        store: any CSMSStore, events: DomainEventBus, configuration: CSMSConfiguration = .init(),
        dataTransfer: DataTransferRegistry = .init()
    ) {
        self.store = store
        self.events = events
        self.configuration = configuration
        self.dataTransfer = dataTransfer
    }

    /// Runs a storage operation, turning its failure into an InternalError CALLERROR so the
    /// station retries instead of believing the data is stored.
    func durable<T: Sendable>(_ what: @autoclosure () -> String, _ operation: () async throws -> T) async throws(CSMSError) -> T {
        do {
            return try await operation()
        } catch {
            throw CSMSError.internalError("could not store \(what()): \(error)")
        }
    }
}
