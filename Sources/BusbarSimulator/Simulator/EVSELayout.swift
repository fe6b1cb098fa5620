/// The EVSEs of a simulated station and the connectors of each (OCPP 2.0.1 Part 1 §2.2: station → EVSE → connector).
public struct EVSELayout: Sendable, Hashable {
    /// One EVSE: numbered from 1, with connectors numbered from 1 within it.
    public struct EVSE: Sendable, Hashable {
        /// The EVSE id, unique within the station, starting at 1.
        public var id: Int
        /// How many connectors this EVSE has (usually 1).
        public var connectorCount: Int
        /// Largest current per phase in A, used for synthetic meter values and composite schedules.
        public var maxCurrentAmps: Double
        /// Number of phases wired, 1 or 3.
        public var phases: Int

        /// Creates an EVSE description.
        public init(id: Int, connectorCount: Int = 1, maxCurrentAmps: Double = 32, phases: Int = 3) {
            self.id = id
            self.connectorCount = connectorCount
            self.maxCurrentAmps = maxCurrentAmps
            self.phases = phases
        }
    }

    /// The EVSEs, in id order.
    public var evses: [EVSE]

    /// Creates a layout from explicit EVSEs.
    public init(evses: [EVSE]) {
        self.evses = evses.sorted { $0.id < $1.id }
    }

    /// `count` identical EVSEs with one connector each: the common AC post.
    public static func uniform(evses count: Int, connectorsPerEVSE: Int = 1, maxCurrentAmps: Double = 32, phases: Int = 3) -> Self {
        EVSELayout(
            evses: (1...max(count, 1)).map {
                EVSE(id: $0, connectorCount: connectorsPerEVSE, maxCurrentAmps: maxCurrentAmps, phases: phases)
            })
    }

    /// Every (evseId, connectorId) pair, in order.
    public var connectors: [(evseId: Int, connectorId: Int)] {
        evses.flatMap { evse in (1...max(evse.connectorCount, 1)).map { (evse.id, $0) } }
    }

    /// The EVSE with this id, if any.
    public func evse(_ id: Int) -> EVSE? {
        evses.first { $0.id == id }
    }
}
