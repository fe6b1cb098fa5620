import OCPP
import Synchronization

/// Vendor extensions plug in here: a DataTransfer for a registered vendorId goes to its handler,
/// any other answers UnknownVendorId (P01.FR.04).
public final class DataTransferRegistry: Sendable {
    /// Answers a DataTransfer for one vendor.
    public typealias Handler = @Sendable (DataTransferRequest, StationContext) async throws -> DataTransferResponse
    private let handlers = Mutex<[String: Handler]>([:])

    /// Creates an empty registry.
    public init() {}

    /// Routes DataTransfer requests with this vendorId to `handler`.
    public func register(vendorId: String, _ handler: @escaping Handler) {
        handlers.withLock { $0[vendorId] = handler }
    }

    /// The handler for a vendor, if one is registered.
    public func handler(for vendorId: String) -> Handler? {
        handlers.withLock { $0[vendorId] }
    }
}
