import BusbarCSMS
import BusbarEnergy
import BusbarStorage
import Foundation
import Logging
import OCPP
import ServiceLifecycle

/// The energy manager as a service: one `SitePlanner` per site, fed by the domain events
/// (stations connecting, transactions starting and ending), the site registry (a changed site,
/// a limit signal) and the clock (a plan every slot). Sites plan concurrently, each on its own
/// worker queue, so the OCPP message path never waits for a plan.
actor EnergyManager: Service {
    private let registry: SiteRegistry
    private let events: DomainEventBus
    private let requests: any StationRequestSender
    private let store: any LimitSignalStore & EnergyPlanStore & ManualChargingProfileStore & TransactionStore & HeldChargingProfileStore
    private let logger: Logger
    private let slotMinutes: Int
    private let metrics: EnergyMetrics?
    private let minimumPlanInterval: Duration
    private let planningLoad = PlanningLoad()
    private var planners: [String: SitePlanner] = [:]
    /// Which site each station is on, so a station's events reach its planner in one lookup.
    private var siteOfStation: [String: String] = [:]
    /// The latest base-load reading of each node, by site (`POST /api/v1/sites/{id}/base-load`).
    private var readings: [String: [String: LimitEnvelope]] = [:]

    /// A node's measured base load: it replaces the site file's profile while it is valid; the
    /// site is re-planned when the plan would notice (0.5 kW and 5 % apart, or the last expired).
    func baseLoadRead(siteId: String, _ reading: LimitEnvelope) async {
        let previous = readings[siteId]?[reading.node]
        readings[siteId, default: [:]][reading.node] = reading
        let old = previous.flatMap { $0.end > Date() ? $0.baseLoadKW : nil }
        let new = reading.baseLoadKW ?? 0
        if let old, abs(old - new) < max(0.5, 0.05 * old) { return }
        await planners[siteId]?.requestPlan("base load of \(reading.node) read: \(new) kW")
    }

    /// The readings of a site still valid at `date`.
    func baseLoadReadings(siteId: String, at date: Date) -> [LimitEnvelope] {
        (readings[siteId] ?? [:]).values.filter { $0.end > date }.sorted { $0.node < $1.node }
    }

    init(
        registry: SiteRegistry, events: DomainEventBus, requests: any StationRequestSender, store: any LimitSignalStore & EnergyPlanStore & ManualChargingProfileStore & TransactionStore & HeldChargingProfileStore,
        slotMinutes: Int, logger: Logger, metrics: EnergyMetrics? = nil, minimumPlanInterval: Duration = .zero
    ) {
        self.metrics = metrics
        self.minimumPlanInterval = minimumPlanInterval
        self.registry = registry
        self.events = events
        self.requests = requests
        self.store = store
        self.slotMinutes = slotMinutes
        self.logger = logger
    }

    /// The planner of a site, for the plan view and tests.
    func planner(ofSite id: String) -> SitePlanner? { planners[id] }

    func run() async throws {
        let stream = events.subscribe()
        await registry.onChange { [weak self] siteId in await self?.siteChanged(siteId) }
        // What the store says, read once for every site rather than once per site.
        let startup = await storedState()
        for entry in await registry.allSites() { await siteChanged(entry.site.id, stored: startup) }
        let slotMinutes = self.slotMinutes
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in stream.cancelOnGracefulShutdown() { await self.handle(event) }
            }
            group.addTask {
                // A plan at every slot boundary: the passing of time changes limits and needs.
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let period = Double(slotMinutes * 60)
                    let next = (Date().timeIntervalSince1970 / period).rounded(.down) * period + period
                    try? await Task.sleep(for: .milliseconds(Int((next - Date().timeIntervalSince1970) * 1000) + 10))
                    if Task.isCancelled || Task.isShuttingDownGracefully { break }
                    // Spread over the first minute of the slot: every site at once would be a burst of
                    // plans and profiles on the message path. What stations hold already carries the
                    // new slot's limits (profiles cover the plan's future slots), so waiting is safe.
                    let planners = await self.allPlanners()
                    let spread = min(60.0, Double(slotMinutes * 60) / 4)
                    for (index, planner) in planners.enumerated() {
                        let delay = planners.count > 1 ? spread * Double(index) / Double(planners.count) : 0
                        Task {
                            try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                            await planner.requestPlan("slot boundary")
                        }
                    }
                    await self.pruneOldPlans()
                    await self.resyncTransactions()
                }
            }
            await withGracefulShutdownHandler {
                while !Task.isCancelled && !Task.isShuttingDownGracefully { try? await Task.sleep(for: .milliseconds(200)) }
            } onGracefulShutdown: {}
            group.cancelAll()
        }
    }

    private func allPlanners() -> [SitePlanner] { Array(planners.values) }

    /// Hands every planner the ongoing transactions of its stations as the store holds them.
    private func resyncTransactions(site: String? = nil, records read: [TransactionRecord]? = nil) async {
        let readAt = Date()
        let records: [TransactionRecord]
        if let read {
            records = read
        } else {
            do {
                records = try await store.transactions(stationId: nil, active: true, limit: 1_000_000)
            } catch {
                logger.warning("ongoing transactions unreadable; planning with what the events said", metadata: ["error": "\(error)"])
                return
            }
        }
        var bySite: [String: [SitePlanner.ActiveTransaction]] = [:]
        for record in records {
            guard let evse = record.evseId, let siteId = siteOfStation[record.stationId] else { continue }
            bySite[siteId, default: []].append(.init(transactionId: record.transactionId, station: record.stationId, evse: evse))
        }
        for (id, planner) in planners where site == nil || site == id {
            await planner.resync(ongoing: bySite[id] ?? [], readAt: readAt)
        }
    }

    /// How long stored plans are kept to explain past decisions.
    static let planRetention: TimeInterval = 7 * 86_400

    private func pruneOldPlans() async {
        do {
            _ = try await store.pruneEnergyPlans(madeBefore: Date() - Self.planRetention)
        } catch {
            logger.warning("old plans could not be pruned", metadata: ["error": "\(error)"])
        }
    }

    /// What the planners start from: ongoing transactions, what stations held, operators' profiles.
    struct StoredState: Sendable {
        var transactions: [TransactionRecord]?
        var held: [String: [HeldChargingProfileRecord]] = [:]
        var manual: [ManualChargingProfileRecord] = []
    }

    private func storedState() async -> StoredState {
        var state = StoredState()
        state.transactions = try? await store.transactions(stationId: nil, active: true, limit: 1_000_000)
        do {
            state.held = Dictionary(grouping: try await store.heldChargingProfiles(), by: \.stationId)
        } catch {
            logger.error("what the stations held is unreadable; offline stations are not counted", metadata: ["error": "\(error)"])
        }
        do {
            state.manual = try await store.manualChargingProfiles()
        } catch {
            logger.error("operators' charging profiles unreadable; they are not counted", metadata: ["error": "\(error)"])
        }
        return state
    }

    private func siteChanged(_ id: String, stored: StoredState? = nil) async {
        defer { planningLoad.setSites(planners.count) }
        guard let entry = await registry.entry(id) else {
            planners[id] = nil
            siteOfStation = siteOfStation.filter { $0.value != id }
            return
        }
        siteOfStation = siteOfStation.filter { $0.value != id }
        for evse in SiteTopology(site: entry.site).evses { siteOfStation[evse.station] = id }
        if let planner = planners[id] {
            if await planner.site != entry.site {
                await planner.replaceSite(entry.site)
            } else {
                await planner.requestPlan("limits changed")
            }
            return
        }
        let store = self.store
        let logger = self.logger
        planners[id] = SitePlanner(
            site: entry.site, slotMinutes: slotMinutes, requests: requests, logger: logger, metrics: metrics,
            minimumInterval: minimumPlanInterval, planningLoad: planningLoad,
            limits: { [weak self] siteId in
                let readings = await self?.baseLoadReadings(siteId: siteId, at: Date()) ?? []
                do {
                    return try await store.limitSignals(siteId: siteId, endingAfter: Date(), includeWithdrawn: false).map(Self.envelope) + readings
                } catch {
                    logger.error("limit signals unreadable; planning without them", metadata: ["error": "\(error)"])
                    return readings
                }
            },
            record: { plan in
                do {
                    return try await store.appendEnergyPlan(plan).id
                } catch {
                    logger.error("a plan could not be stored; it is still carried out", metadata: ["error": "\(error)"])
                    return nil
                }
            }, manualStore: store, heldStore: store)
        let state = stored == nil ? await storedState() : stored!
        let stations = Set(siteOfStation.filter { $0.value == id }.keys)
        await resyncTransactions(site: id, records: state.transactions)
        await planners[id]?.loadHeldProfiles(stations.flatMap { state.held[$0] ?? [] })
        await planners[id]?.loadManualProfiles(state.manual.filter { stations.contains($0.stationId) })
    }

    /// The planner of the site a station belongs to, or nil when no site lists it.
    func planner(forStation id: String) async -> SitePlanner? {
        siteOfStation[id].flatMap { planners[$0] }
    }

    private func handle(_ event: DomainEvent) async {
        switch event {
        case .stationBooted(let id, _, let status) where status == .accepted:
            await planner(forStation: id)?.stationConnected(id)
        case .stationConnected(let id, _):
            await planner(forStation: id)?.stationConnected(id)
        case .stationDisconnected(let id):
            await planner(forStation: id)?.stationDisconnected(id)
        case .chargingProfilesReported(let id, let report):
            await planner(forStation: id)?.profilesReported(report)
        case .transactionStarted(let id, let request):
            guard let evse = request.evse?.id else { return }
            await planner(forStation: id)?.transactionStarted(
                .init(transactionId: request.transactionInfo.transactionId, station: id, evse: evse))
        case .transactionUpdated(let id, let request):
            guard let values = request.meterValue, !values.isEmpty else { return }
            await planner(forStation: id)?.meterValues(
                station: id, evse: request.evse?.id, transactionId: request.transactionInfo.transactionId, values: values)
        case .meterValues(let id, let evse, let values):
            await planner(forStation: id)?.meterValues(station: id, evse: evse, transactionId: nil, values: values)
        case .evChargingNeeds(let id, let request):
            await planner(forStation: id)?.chargingNeeds(station: id, request: request)
        case .transactionEnded(let id, let request):
            await planner(forStation: id)?.transactionEnded(station: id, transactionId: request.transactionInfo.transactionId)
        default:
            break
        }
    }

    /// A stored signal as the planner's limit envelope.
    static func envelope(_ signal: LimitSignalRecord) -> LimitEnvelope {
        LimitEnvelope(
            id: signal.id, node: signal.nodeId, start: signal.startsAt, end: signal.endsAt, importKW: signal.importLimitKW,
            importA: signal.importLimitA, source: signal.source)
    }
}
