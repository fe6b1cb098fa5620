/// Where the simulator's WebSocket is in its life; one enum instead of flags so no impossible mix exists.
public enum ConnectionState: Sendable, Equatable {
    /// Never connected, or `disconnect()` finished.
    case disconnected
    /// `connect()` is in progress.
    case connecting
    /// The WebSocket is open.
    case connected
    /// The connection ended without `disconnect()`: the server closed it or it failed.
    case closed(closeCode: Int?, reason: String?, error: SimulatorError?)
}
