import NIOCore

extension TimeAmount {
    /// The NIO scheduling amount for a Swift `Duration` (configuration speaks `Duration`).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
