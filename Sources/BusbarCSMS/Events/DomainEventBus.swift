import Synchronization

/// Fans domain events out to any number of subscribers; a slow subscriber loses old events
/// (bounded buffer) rather than slowing down the OCPP path that publishes them.
public final class DomainEventBus: Sendable {
    private struct State {
        var nextId = 0
        var continuations: [Int: AsyncStream<DomainEvent>.Continuation] = [:]
    }
    private let state = Mutex(State())
    /// How many undelivered events a subscriber may fall behind before the oldest are dropped.
    public let bufferSize: Int

    /// Creates a bus; 4,096 buffered events absorb a burst from thousands of stations.
    public init(bufferSize: Int = 4096) {
        self.bufferSize = bufferSize
    }

    /// Returns a stream of every event published from now on; ends when the task stops iterating.
    public func subscribe() -> AsyncStream<DomainEvent> {
        let (stream, continuation) = AsyncStream<DomainEvent>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        let id = state.withLock { state in
            let id = state.nextId
            state.nextId += 1
            state.continuations[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    /// Delivers an event to every current subscriber without waiting for them.
    public func publish(_ event: DomainEvent) {
        let targets = state.withLock { Array($0.continuations.values) }
        for continuation in targets {
            continuation.yield(event)
        }
    }

    /// Number of live subscriptions, for metrics and tests.
    public var subscriberCount: Int {
        state.withLock { $0.continuations.count }
    }
}
