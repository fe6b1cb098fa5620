import BusbarCSMS
import BusbarEnergy
import BusbarStorage
import Foundation
import Logging
import OCPP

/// One site's planning loop: keeps the EVs charging there, plans when anything changes
/// (debounced, one plan at a time), and brings every station onto the plan's profiles —
/// lowering first, raising only after every lowering was accepted, so the stations together
/// never hold more than the site allows while capacity moves (issue #11 §3, §4).
actor SitePlanner {
    /// An EV charging on one of the site's EVSEs.
    struct ActiveTransaction: Sendable, Hashable {
        var transactionId: String
        var station: String
        var evse: Int
    }

    /// A plan made, with when and why: what `GET /api/v1/sites/{id}/plan` shows.
    struct MadePlan: Sendable {
        var id: Int
        var at: Date
        var reason: String
        var plan: Plan
        var transactions: [String: ActiveTransaction]
        /// What idle EVSEs may start with under this plan (their TxDefaultProfile), A.
        var idleLimitA: Double = 0
        /// Why each EV gets what it gets now, by "station/evse" (`PlanExplanation`).
        var why: [String: String] = [:]
    }

    private(set) var site: Site
    /// The site as stored with every plan, made once per description.
    private var siteJSON: JSONValue
    private(set) var topology: SiteTopology
    private var worker: PlanningWorker
    private let slotMinutes: Int
    let requests: any StationRequestSender
    let logger: Logger
    let metrics: EnergyMetrics?
    private let limits: @Sendable (String) async -> [LimitEnvelope]
    /// Stores a plan with its inputs; returns its id (nil when it could not be stored).
    private let record: @Sendable (EnergyPlanRecord) async -> Int64?

    private(set) var transactions: [String: ActiveTransaction] = [:]
    /// EVs Busbar switched to one phase of their three-phase EVSE, since when (phase switching).
    private var onePhase: [String: Date] = [:]
    /// When each EVSE's transaction was last reported started (its event), for `resync`.
    private var startedAt: [String: Date] = [:]
    /// When transactions ended, by "station/transactionId", kept an hour, for `resync`.
    private var endedAt: [String: Date] = [:]
    /// Stations online and reconciled: Busbar plans for them and sends them profiles.
    private(set) var connected: Set<String> = []
    /// Stations whose WebSocket is up (reconciled or not).
    private var online: Set<String> = []
    /// Each station's SmartChargingCtrlr limits, read when it connects.
    var smartCharging: [String: StationSmartCharging] = [:]
    private var reconciling: Set<String> = []
    private var reconcileAgain: Set<String> = []
    var reportCollectors: [Int: ReportCollector] = [:]
    var nextRequestId = Int.random(in: 1_000_000...9_000_000)
    /// The TxProfile each EVSE accepted last, by "station/evse": counted until replaced or ended.
    var heldTxProfiles: [String: ChargingProfileType] = [:]
    /// The TxDefaultProfile limit each station accepted last.
    var heldTxDefault: [String: Double] = [:]
    /// When each station's TxDefaultProfile last changed.
    private var txDefaultChangedAt: [String: Date] = [:]
    /// Set when a plan is asked for a reason that may raise every station's TxDefaultProfile at
    /// once (a slot, a limit or the site changed); else a raise waits a slot after the last change.
    private var defaultsMayRise = false
    /// EVSEs whose last SetChargingProfile was rejected or unanswered: counted at what they hold
    /// until the next slot boundary, when Busbar tries again (or until the station reports what it holds).
    var refused: Set<String> = []
    /// Stations whose last TxDefaultProfile was rejected or unanswered: their idle EVSEs count
    /// at what they hold until the next slot boundary, and they are not sent another before it
    /// (unless the station reports what it holds, on reconnect).
    var refusedDefault: Set<String> = []
    /// EVSEs whose station's composite schedule allowed more than Busbar counted (K08): counted
    /// at that until the next slot boundary.
    var compositeMaximum: [String: Double] = [:]
    /// The ChargingStationMaxProfiles each station accepted from Busbar, by profile id.
    var heldMaxProfiles: [String: [Int: StationMaxProfile]] = [:]
    /// Stations that refused or did not answer their last ChargingStationMaxProfile: not sent
    /// another before the next slot boundary.
    var refusedMax: Set<String> = []
    /// Each station's ChargingStationMaxProfiles as the site's limits make them, with the local
    /// day and the limit signals they were made for.
    var maxProfileCache: [String: (day: Date, signals: [LimitEnvelope], recurring: StationMaxProfile?, signal: StationMaxProfile?)] = [:]
    /// The site's step conditions of the local day the caps are made for, shared by its stations.
    var stepConditions: (day: Date, memo: StepConditions)?
    /// Stations whose held TxDefault/TxProfiles changed since they were last stored.
    var dirtyHeld: Set<String> = []
    /// Where what each station accepted is kept across restarts.
    let heldStore: (any HeldChargingProfileStore)?
    /// Profiles operators set by hand, by station then profile id (counted as the station holds them).
    var manualProfiles: [String: [Int: ManualChargingProfile]] = [:]
    /// Where operators' profiles are kept across restarts.
    let manualStore: (any ManualChargingProfileStore)?
    var nextProfileId = ProfileBuilder.txProfileIdBase
    /// What each charging EV draws and asked for, by "station/evse".
    private(set) var observations: [String: EVObservation] = [:]
    /// When each EVSE's TxProfile last changed: readings taken sooner may show the EV still ramping.
    private var profileChangedAt: [String: Date] = [:]
    /// What the meter values show per node and phase, per slot of the last day.
    private(set) var load = SiteLoadMonitor()
    private var loadRecheckScheduled = false
    /// The limit signals of the last plan, for judging measured load.
    private(set) var lastEnvelopes: [LimitEnvelope] = []

    /// Readings this soon after a profile change are not used to cap an EV.
    private(set) var rampSeconds: TimeInterval = 60

    /// Changes how long an EV is given to follow a new profile (tests use 0).
    func setRampSeconds(_ seconds: TimeInterval) { rampSeconds = seconds }
    private var planCount = 0
    private(set) var lastPlan: MadePlan?
    private var pendingReasons: [String] = []
    private var running = false
    /// The least time between two plans (`BusbarConfiguration.minimumPlanInterval`).
    private let minimumInterval: Duration
    /// Shared with every site: spreads plans out when many sites are busy.
    private let planningLoad: PlanningLoad?
    private var lastPlanned: ContinuousClock.Instant?
    /// Waiters for the next plan to be carried out (tests and the limits route's promise).
    private var settledWaiters: [CheckedContinuation<Void, Never>] = []

    init(
        site: Site, slotMinutes: Int, requests: any StationRequestSender, logger: Logger, metrics: EnergyMetrics? = nil,
        minimumInterval: Duration = .zero, planningLoad: PlanningLoad? = nil,
        limits: @escaping @Sendable (String) async -> [LimitEnvelope],
        record: @escaping @Sendable (EnergyPlanRecord) async -> Int64? = { _ in nil },
        manualStore: (any ManualChargingProfileStore)? = nil, heldStore: (any HeldChargingProfileStore)? = nil
    ) {
        self.manualStore = manualStore
        self.heldStore = heldStore
        self.record = record
        self.metrics = metrics
        self.minimumInterval = minimumInterval
        self.planningLoad = planningLoad
        self.site = site
        self.siteJSON = PlanRepresentation.site(site)
        self.topology = SiteTopology(site: site)
        self.worker = PlanningWorker(site: site, slotMinutes: slotMinutes)
        self.slotMinutes = slotMinutes
        self.requests = requests
        self.logger = logger
        self.limits = limits
    }

    /// The profiles a station accepted from Busbar and still holds, by EVSE (0: its TxDefaultProfile).
    func heldProfiles(ofStation id: String) -> [(evseId: Int, profile: ChargingProfileType)] {
        var result: [(evseId: Int, profile: ChargingProfileType)] = []
        if let limit = heldTxDefault[id] {
            result.append((0, ProfileBuilder.txDefaultProfile(limitA: limit, startOfDay: Calendar(identifier: .gregorian).startOfDay(for: Date()))))
        }
        for (_, held) in (heldMaxProfiles[id] ?? [:]).sorted(by: { $0.key < $1.key }) {
            result.append((0, held.profile(unit: smartCharging[id]?.unit ?? .a)))
        }
        for (slot, profile) in heldTxProfiles.sorted(by: { $0.key < $1.key }) {
            let parts = slot.split(separator: "/")
            guard parts.count == 2, parts[0] == id, let evse = Int(parts[1]) else { continue }
            result.append((evse, profile))
        }
        return result
    }

    /// True when the station is one of this site's.
    func hasStation(_ id: String) -> Bool { topology.evses.contains { $0.station == id } }

    /// A new description of the site: a fresh scheduler, the EVs kept.
    func replaceSite(_ site: Site) {
        self.site = site
        self.siteJSON = PlanRepresentation.site(site)
        self.topology = SiteTopology(site: site)
        self.worker = PlanningWorker(site: site, slotMinutes: slotMinutes)
        maxProfileCache = [:]
        stepConditions = nil
        transactions = transactions.filter { topology.evseIndex(station: $0.value.station, evse: $0.value.evse) != nil }
        requestPlan("site description changed")
    }

    /// A station connected or booted: until Busbar knows what it holds (reconciliation), its
    /// EVSEs count at what Busbar last knew, and it gets no new profiles.
    func stationConnected(_ id: String) {
        online.insert(id)
        guard !reconciling.contains(id) else {
            reconcileAgain.insert(id)
            return
        }
        reconciling.insert(id)
        Task { await self.reconcileWhileAsked(id) }
    }

    func stationDisconnected(_ id: String) {
        online.remove(id)
        connected.remove(id)
        requestPlan("station \(id) disconnected")
    }

    private func reconcileWhileAsked(_ id: String) async {
        repeat {
            reconcileAgain.remove(id)
            await reconcile(id)
        } while reconcileAgain.contains(id) && online.contains(id)
        reconciling.remove(id)
        if online.contains(id) {
            connected.insert(id)
            requestPlan("station \(id) connected")
        }
        resumeSettledIfIdle()
    }

    func transactionStarted(_ transaction: ActiveTransaction) {
        transactions[key(transaction.station, transaction.evse)] = transaction
        onePhase[key(transaction.station, transaction.evse)] = nil
        startedAt[key(transaction.station, transaction.evse)] = Date()
        observations[key(transaction.station, transaction.evse)] = EVObservation()
        requestPlan("transaction \(transaction.transactionId) started")
    }

    /// Brings the transactions Busbar plans in line with the ongoing ones the store holds: after
    /// a restart (Busbar would otherwise know none until they end) and at every slot boundary (a
    /// domain event dropped under load). A transaction that ended since `readAt` is not brought
    /// back; one that started after it is left to its event.
    func resync(ongoing: [ActiveTransaction], readAt: Date) {
        var changed = false
        let listed = Set(ongoing.map(\.transactionId))
        for transaction in ongoing where topology.evseIndex(station: transaction.station, evse: transaction.evse) != nil {
            let slot = key(transaction.station, transaction.evse)
            guard transactions[slot]?.transactionId != transaction.transactionId,
                (endedAt[transaction.station + "/" + transaction.transactionId] ?? .distantPast) < readAt
            else { continue }
            transactions[slot] = transaction
            startedAt[slot] = readAt  // So a later resync can drop it when its end was missed too.
            observations[slot] = EVObservation()
            changed = true
        }
        for (slot, transaction) in transactions where !listed.contains(transaction.transactionId) && (startedAt[slot] ?? .distantFuture) < readAt {
            transactions[slot] = nil
            heldTxProfiles[slot] = nil
            dirtyHeld.insert(transaction.station)
            observations[slot] = nil
            changed = true
        }
        endedAt = endedAt.filter { $0.value > readAt - 3600 }
        if changed { requestPlan("transactions brought in line with the store") }
    }

    /// Busbar's TxProfile of an EVSE no longer counts (cleared from the station).
    func forgetTxProfile(_ slot: String) {
        heldTxProfiles[slot] = nil
        if let station = slot.split(separator: "/").first { dirtyHeld.insert(String(station)) }
    }

    func transactionEnded(station: String, transactionId: String) async {
        await forgetManualProfiles(station: station, transactionId: transactionId)
        endedAt[station + "/" + transactionId] = Date()
        guard let (slot, _) = transactions.first(where: { $0.value.station == station && $0.value.transactionId == transactionId })
        else { return }
        transactions[slot] = nil
        heldTxProfiles[slot] = nil
        dirtyHeld.insert(station)
        observations[slot] = nil
        onePhase[slot] = nil
        requestPlan("transaction \(transactionId) ended")
    }

    /// Meter values of a charging EV (TransactionEvent or MeterValues): an EV that draws clearly
    /// less than it may is planned at what it draws plus a margin, and the rest goes to the
    /// others; when it takes all of that again, it is planned in full again.
    func meterValues(station: String, evse: Int?, transactionId: String?, values: [MeterValueType]) {
        let slot: String
        if let transactionId, let match = transactions.first(where: { $0.value.station == station && $0.value.transactionId == transactionId }) {
            slot = match.key
        } else if let evse, transactions[key(station, evse)] != nil {
            slot = key(station, evse)
        } else {
            return
        }
        let reading = EVObservation.reading(values)
        var observation = observations[slot] ?? EVObservation()
        let now = Date()
        let settled = profileChangedAt[slot].map { now.timeIntervalSince($0) >= rampSeconds } ?? true
        let allowed = heldTxProfiles[slot].flatMap { ProfileBuilder.limit(of: $0, at: now) }
        let changed = observation.observe(
            reading, allowedA: settled ? allowed : nil, minimumA: site.effectivePolicy.minimumCurrent)
        observations[slot] = observation
        // A burst of readings (every EV of a site reporting at once) is worked out at most once a
        // second: the latest currents of all EVs, a second after the first reading that waited.
        if reading.currentA != nil {
            if load.due(at: now, slotMinutes: slotMinutes) {
                recordLoad(now)
            } else if !loadRecheckScheduled {
                loadRecheckScheduled = true
                Task {
                    try? await Task.sleep(for: .milliseconds(Int(SiteLoadMonitor.interval * 1000)))
                    await self.recheckLoad()
                }
            }
        }
        if changed {
            requestPlan(observation.capA == nil ? "EV on \(slot) takes its whole allotment again" : "EV on \(slot) draws less than allotted")
        }
    }

    private func recheckLoad() {
        loadRecheckScheduled = false
        recordLoad(Date())
    }

    /// Works out the measured load from every EV's latest current (`SiteLoadMonitor`).
    private func recordLoad(_ now: Date) {
        let measured = observations.compactMapValues(\.measuredA)
        for violation in load.record(measured: measured, topology: topology, envelopes: lastEnvelopes, slotMinutes: slotMinutes, now: now) {
            metrics?.violation(site: site.id, node: violation.node, phase: violation.phase)
            logger.warning(
                "meter values show a node above its limit",
                metadata: ["site": "\(site.id)", "node": "\(violation.node)", "phase": "\(violation.phase ?? "kW")"])
        }
    }

    /// An EV's charging needs (K15 NotifyEVChargingNeeds): its energy and departure enter the plan.
    func chargingNeeds(station: String, request: NotifyEVChargingNeedsRequest) {
        let slot = key(station, request.evseId)
        guard transactions[slot] != nil else { return }
        var observation = observations[slot] ?? EVObservation()
        observation.announce(request.chargingNeeds)
        observations[slot] = observation
        requestPlan("EV on \(slot) announced its charging needs")
    }

    /// Asks for a plan; requests arriving while one runs are folded into the next.
    func requestPlan(_ reason: String) {
        pendingReasons.append(reason)
        if reason == "slot boundary" || reason == "limits changed" || reason == "site description changed" || reason.hasPrefix("operator profile") {
            defaultsMayRise = true
        }
        guard !running else { return }
        running = true
        Task { await self.planWhileAsked() }
    }

    /// Returns once no plan is pending or running and no station is being reconciled.
    func settled() async {
        guard running || !pendingReasons.isEmpty || !reconciling.isEmpty else { return }
        await withCheckedContinuation { settledWaiters.append($0) }
    }

    private func resumeSettledIfIdle() {
        guard !running, pendingReasons.isEmpty, reconciling.isEmpty else { return }
        let waiters = settledWaiters
        settledWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func planWhileAsked() async {
        while !pendingReasons.isEmpty {
            // A short gather window: a burst of events (ten EVs starting at once) makes one plan;
            // and no plan sooner than the minimum interval after the last.
            var wait = Duration.milliseconds(50)
            if let last = lastPlanned {
                let interval = max(minimumInterval, planningLoad?.interval ?? .zero)
                wait = max(wait, interval - (ContinuousClock.now - last))
            }
            try? await Task.sleep(for: wait)
            lastPlanned = ContinuousClock.now
            let reasons = pendingReasons
            pendingReasons = []
            await planOnce(reason: reasons.count == 1 ? reasons[0] : "\(reasons[0]) (+\(reasons.count - 1) more)")
        }
        running = false
        resumeSettledIfIdle()
    }

    private func planOnce(reason: String) async {
        let now = Date()
        let policy = site.effectivePolicy
        if reason.hasPrefix("slot boundary") {
            refused = []
            refusedDefault = []
            refusedMax = []
            compositeMaximum = [:]
        }
        let (active, held) = unmovable(now: now)
        var needs = makeNeeds(active, now: now)
        let envelopes = await limits(site.id)
        lastEnvelopes = envelopes
        var plan: Plan
        do {
            plan = try await worker.plan(at: now, needs: needs, envelopes: envelopes, held: held)
            if switchPhases(plan, now: now, minimum: policy.minimumCurrent) {
                // An EV the three-phase minimum left at 0 A may charge on one phase: plan again with it so.
                needs = makeNeeds(active, now: now)
                plan = try await worker.plan(at: now, needs: needs, envelopes: envelopes, held: held)
            }
        } catch {
            logger.error("planning failed; the stations keep what they hold", metadata: ["site": "\(site.id)", "error": "\(error)"])
            return
        }
        let idle = idleLimit(plan: plan, held: held, now: now, envelopes: envelopes, minimum: policy.minimumCurrent, startsAtMinimum: policy.idleStart != "zero")
        planCount += 1
        var caps: [String: PlanExplanation.Cap] = [:]
        for (slot, observation) in observations {
            if let cap = observation.capA { caps[slot] = .measured(cap) } else if let ev = observation.evMaxCurrentA { caps[slot] = .evMaximum(ev) }
        }
        for need in needs where caps[key(need.station, need.evse)] == nil {
            if let cap = manualProfile(.chargingStationMaxProfile, station: need.station, evse: 0) { caps[key(need.station, need.evse)] = .operatorCap(cap.worst(from: now)) }
        }
        var made = MadePlan(
            id: planCount, at: now, reason: reason, plan: plan, transactions: active, idleLimitA: idle,
            why: PlanExplanation.why(plan, topology: topology, needs: needs, caps: caps, minimum: policy.minimumCurrent))
        // Stored with its inputs before anything is sent, so what a station was told can be explained.
        let inputs = PlanRepresentation.inputs(
            made, site: site, needs: needs, held: held, envelopes: envelopes, connected: connected, refused: refused,
            smartCharging: smartCharging, siteJSON: siteJSON)
        if let id = await record(
            EnergyPlanRecord(
                siteId: site.id, madeAt: now, reason: reason, inputs: inputs.serialized(), result: PlanRepresentation.plan(made).serialized()))
        {
            made.id = Int(id)
        }
        lastPlan = made
        metrics?.planned(site: site.id, milliseconds: plan.milliseconds)
        planningLoad?.planned(milliseconds: plan.milliseconds)
        for load in plan.loads {
            guard let limit = load.limit else { continue }
            metrics?.headroom(
                site: site.id, node: load.name, phase: load.phase.map { "\($0)" }, unit: load.phase == nil ? "kW" : "A", value: limit - load.value)
        }
        logger.debug(
            "site planned",
            metadata: ["site": "\(site.id)", "reason": "\(reason)", "evs": "\(needs.count)", "ms": "\(Int(plan.milliseconds))"])
        let mayRise = defaultsMayRise
        defaultsMayRise = false
        await carryOut(plan, idleLimit: idle, active: active, defaultsMayRise: mayRise)
        await sendStationMaxProfiles(now: now, envelopes: envelopes)
        await storeHeld()
    }

    /// Each planned EV's need: its EVSE's and its own maximum, an operator's cap, the phases it
    /// draws on (one where Busbar switched it), what it still wants and when it leaves.
    private func makeNeeds(_ active: [String: ActiveTransaction], now: Date) -> [EnergyNeed] {
        active.values.sorted { $0.transactionId < $1.transactionId }.compactMap { transaction -> EnergyNeed? in
            guard let index = topology.evseIndex(station: transaction.station, evse: transaction.evse) else { return nil }
            let spec = topology.evses[index].spec
            let observation = observations[key(transaction.station, transaction.evse)] ?? EVObservation()
            var most = observation.maximumA(evse: spec.maxA)
            // An operator's ChargingStationMaxProfile caps what the station's EVSEs may draw.
            if let cap = manualProfile(.chargingStationMaxProfile, station: transaction.station, evse: 0) {
                let inForce = cap.amperes.chargingSchedule.first?.startSchedule == nil ? cap.limit(at: now) : ProfileBuilder.limit(of: cap.amperes, at: now)
                most = min(most, inForce ?? most)
            }
            return EnergyNeed(
                id: transaction.transactionId, station: transaction.station, evse: transaction.evse,
                maxCurrentA: most, phases: spec.wiring == "3P" && onePhase[key(transaction.station, transaction.evse)] == nil ? 3 : 1,
                remainingKWh: observation.remainingKWh, departure: observation.departure, group: spec.group)
        }
    }

    /// Phase switching (site file `phaseSwitching`, the station's Phases3to1 and
    /// ACPhaseSwitchingSupported): an EV of a three-phase EVSE that the plan leaves below the
    /// minimum current goes to one phase (the minimum there is a third of the power); one that
    /// takes three times the minimum on its phase goes back to three, at most every 5 minutes.
    /// True when an EV was switched to one phase (the plan is made again).
    private func switchPhases(_ plan: Plan, now: Date, minimum: Double) -> Bool {
        var switched = false
        for allocation in plan.allocations {
            let slot = key(allocation.station, allocation.evse)
            guard let index = topology.evseIndex(station: allocation.station, evse: allocation.evse) else { continue }
            let spec = topology.evses[index].spec
            guard spec.phaseSwitching == true, spec.wiring == "3P", smartCharging[allocation.station]?.switchesToOnePhase == true else { continue }
            let current = allocation.currentA.first ?? 0
            if let since = onePhase[slot] {
                if current >= min(spec.maxA, 3 * minimum) - 1e-9, now.timeIntervalSince(since) >= 300 { onePhase[slot] = nil }
            } else if current < minimum - 1e-9, (observations[slot]?.maximumA(evse: spec.maxA) ?? spec.maxA) >= minimum {
                onePhase[slot] = now
                switched = true
            }
        }
        return switched
    }

    /// What the plan cannot move: EVs on stations offline or refusing (at what they hold), EVs and
    /// idle EVSEs under an operator's profile (at that), idle EVSEs that may start at a
    /// TxDefaultProfile Busbar cannot replace now; and the transactions Busbar plans.
    func unmovable(now: Date) -> (active: [String: ActiveTransaction], held: [HeldDraw]) {
        var active = transactions.filter { connected.contains($0.value.station) && !refused.contains($0.key) }
        // A transaction under an operator's TxProfile is not Busbar's to plan: it counts at that profile.
        var manual: [String: Double] = [:]
        for (slot, transaction) in active {
            if let profile = manualProfile(.txProfile, station: transaction.station, evse: transaction.evse),
                profile.profile.transactionId == transaction.transactionId
            {
                // Until the station accepted it, what it held before may still apply.
                let before = heldTxProfiles[slot].map { ProfileBuilder.worstLimit(of: $0, from: now, hours: 24) } ?? 0
                manual[slot] = profile.accepted ? profile.worst(from: now) : max(profile.worst(from: now), before)
                active[slot] = nil
            }
        }
        var held = transactions.filter { active[$0.key] == nil }.compactMap { slot, transaction -> HeldDraw? in
            guard let index = topology.evseIndex(station: transaction.station, evse: transaction.evse) else { return nil }
            let spec = topology.evses[index].spec
            var most = max(heldMaximum(slot, station: transaction.station, from: now, default: spec.maxA), compositeMaximum[slot] ?? 0)
            if let limit = manual[slot] {
                most = limit
            } else if let fallback = manualProfile(.txDefaultProfile, station: transaction.station, evse: transaction.evse) {
                most = max(most, fallback.worst(from: now))
            }
            return HeldDraw(
                station: transaction.station, evse: transaction.evse, phases: spec.wiring == "3P" ? 3 : 1, currentA: min(spec.maxA, most))
        }
        // Idle EVSEs that cannot be given a new TxDefaultProfile may start at the one they hold:
        // a station that refused its last one (at its maximum when it holds none), or an offline
        // station that held one when it went (a station never seen holds nothing Busbar knows of
        // and is not counted: docs/architecture.md).
        for evse in topology.evses where transactions[key(evse.station, evse.evse)] == nil {
            let holds: Double?
            if let profile = manualProfile(.txDefaultProfile, station: evse.station, evse: evse.evse) {
                // An operator's TxDefaultProfile outranks Busbar's, once the station has it.
                holds = profile.accepted ? profile.worst(from: now) : max(profile.worst(from: now), heldTxDefault[evse.station] ?? evse.spec.maxA)
            } else if refusedDefault.contains(evse.station) {
                holds = heldTxDefault[evse.station] ?? evse.spec.maxA
            } else if !connected.contains(evse.station) {
                holds = heldTxDefault[evse.station]
            } else {
                holds = nil
            }
            guard let holds, holds > 0 else { continue }
            held.append(
                HeldDraw(station: evse.station, evse: evse.evse, phases: evse.spec.wiring == "3P" ? 3 : 1, currentA: min(evse.spec.maxA, holds)))
        }
        return (active, held)
    }

    /// What an idle EVSE may start with: the minimum current when every idle EVSE of the site
    /// starting at once at that current still fits the exact limits beside the plan at every
    /// quarter hour of the next day (the TxDefaultProfile recurs daily, and limits vary by time
    /// of day), else 0 A.
    private func idleLimit(
        plan: Plan, held: [HeldDraw], now: Date, envelopes: [LimitEnvelope], minimum: Double, startsAtMinimum: Bool
    ) -> Double {
        guard startsAtMinimum else { return 0 }
        let busy = Set(plan.allocations.map { key($0.station, $0.evse) } + held.map { key($0.station, $0.evse) })
        var idle: [ExactCheck.Draw] = []
        for (index, evse) in topology.evses.enumerated() where !busy.contains(key(evse.station, evse.evse)) {
            idle.append(
                ExactCheck.Draw(
                    coefficients: topology.coefficients(evse: index, wiring: evse.wiring),
                    kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: evse.wiring), current: minimum))
        }
        guard !idle.isEmpty else { return minimum }
        for step in 0..<(24 * 4) {
            let at = now + Double(step) * 900
            let slot = plan.slots.firstIndex { $0.start <= at && at < $0.end }
            var draws = idle
            for allocation in plan.allocations {
                guard let index = topology.evseIndex(station: allocation.station, evse: allocation.evse) else { continue }
                let wiring = topology.wiring(of: index, evPhases: allocation.terminals.count == 3 ? 3 : 1)
                draws.append(
                    ExactCheck.Draw(
                        coefficients: topology.coefficients(evse: index, wiring: wiring),
                        kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: wiring),
                        current: slot.map { allocation.currentA[$0] } ?? minimum))
            }
            let conditions = topology.conditions(from: at, to: at + 900, envelopes: envelopes, held: held)
            if !ExactCheck.fits(draws, conditions: conditions) { return 0 }
        }
        return minimum
    }

    /// The most an EVSE may draw under what it holds from `now` over the next `hours` (24 by default): its
    /// TxProfile, then its station's TxDefaultProfile; `default` when it holds nothing known.
    func heldMaximum(_ slot: String, station: String, from now: Date, default fallback: Double, hours: Int = 24) -> Double {
        let profile = heldTxProfiles[slot]
        let txDefault = heldTxDefault[station]
        guard profile != nil || txDefault != nil else { return fallback }
        var worst = 0.0
        for step in 0..<(hours * 12) {
            let at = now + Double(step) * 300
            let limit = profile.flatMap { ProfileBuilder.limit(of: $0, at: at) } ?? txDefault ?? fallback
            worst = max(worst, limit)
        }
        return worst
    }

    /// Sends the plan's profiles: every change that lowers what a station may draw first, then
    /// the raises. A Rejected or unanswered profile leaves the old one counted.
    private func carryOut(_ plan: Plan, idleLimit: Double, active: [String: ActiveTransaction], defaultsMayRise: Bool) async {
        var lowering: [Change] = []
        var raising: [Change] = []
        for allocation in plan.allocations {
            let slot = key(allocation.station, allocation.evse)
            guard let transaction = active[slot] else { continue }
            let held = heldTxProfiles[slot]
            let periods = smartCharging[allocation.station]?.periodsPerSchedule ?? 24
            // A one-phase EV on a three-phase EVSE Busbar switched: on the EVSE's phase 1, as planned.
            let phaseToUse = allocation.terminals.count == 1 && onePhase[slot] != nil ? 1 : nil
            let profile = ProfileBuilder.txProfile(
                allocation, slots: plan.slots, transactionId: transaction.transactionId, profileId: held?.id ?? takeProfileId(),
                maxPeriods: periods, phaseToUse: phaseToUse)
            let phasesNow = profile.chargingSchedule.first?.chargingSchedulePeriod.first?.numberPhases ?? 3
            let phasesBefore = held.map { $0.chargingSchedule.first?.chargingSchedulePeriod.first?.numberPhases ?? 3 } ?? phasesNow
            if let held, phasesBefore == phasesNow,
                Self.insignificant(held, profile, slots: plan.slots, significance: smartCharging[allocation.station]?.limitChangeSignificance)
            {
                continue
            }
            // What the EVSE may draw now, slot by slot: its TxProfile, else its station's TxDefault.
            let old = plan.slots.map { slot in
                held.flatMap { ProfileBuilder.limit(of: $0, at: slot.start) } ?? heldTxDefault[allocation.station] ?? .infinity
            }
            let new = plan.slots.map { ProfileBuilder.limit(of: profile, at: $0.start) ?? 0 }
            let lowers = zip(old, new).contains { $0.1 < $0.0 }
            let raises = zip(old, new).contains { $0.1 > $0.0 }
            if phasesBefore != phasesNow {
                // A phase switch moves current between lines. First, with the phases it has, the EV
                // is lowered to no more than the switched plan puts on any line — one to three: the
                // lower of both on its one phase; three to one: 0 A (it pauses, as a switch needs) —
                // and switched with the raises, once every lowering is accepted.
                var first = allocation
                first.terminals = phasesBefore == 3 ? [.l1, .l2, .l3] : [.l1]
                first.currentA = phasesBefore == 3 ? allocation.currentA.map { _ in 0 } : zip(old, allocation.currentA).map { min($0.0, $0.1) }
                let lowered = ProfileBuilder.txProfile(
                    first, slots: plan.slots, transactionId: transaction.transactionId, profileId: profile.id, maxPeriods: periods,
                    phaseToUse: phasesBefore == 1 ? 1 : nil)
                lowering.append(.tx(station: allocation.station, evse: allocation.evse, profile: lowered))
                raising.append(.tx(station: allocation.station, evse: allocation.evse, profile: profile))
            } else if lowers && raises {
                // Lower where the plan lowers and keep the rest, first; the raises come with the others.
                var first = allocation
                first.currentA = zip(old, allocation.currentA).map { min($0.0, $0.1) }
                let lowered = ProfileBuilder.txProfile(
                    first, slots: plan.slots, transactionId: transaction.transactionId, profileId: profile.id, maxPeriods: periods,
                    phaseToUse: phaseToUse)
                lowering.append(.tx(station: allocation.station, evse: allocation.evse, profile: lowered))
                raising.append(.tx(station: allocation.station, evse: allocation.evse, profile: profile))
            } else if lowers {
                lowering.append(.tx(station: allocation.station, evse: allocation.evse, profile: profile))
            } else {
                raising.append(.tx(station: allocation.station, evse: allocation.evse, profile: profile))
            }
        }
        let stations = Set(topology.evses.map(\.station)).intersection(connected)
        let now = Date()
        for station in stations.sorted() where heldTxDefault[station] != idleLimit && !refusedDefault.contains(station) {
            let change = Change.txDefault(station: station, limit: idleLimit)
            if idleLimit < (heldTxDefault[station] ?? .infinity) {
                lowering.append(change)
            } else if heldTxDefault[station] == nil || defaultsMayRise
                || now.timeIntervalSince(txDefaultChangedAt[station] ?? .distantPast) >= Double(slotMinutes * 60)
            {
                // At most one raise per slot: the idle limit flips with every plan on a busy site,
                // and each flip would be a SetChargingProfile to every station (holding less is safe).
                raising.append(change)
            }
        }
        let refusedBefore = refused
        let refusedDefaultBefore = refusedDefault
        let lowered = await send(lowering)
        guard lowered else {
            // Raises wait; the refused EVSEs now count at what they hold, and the others are
            // re-planned around them (once per newly refusing EVSE, so a refusing station cannot loop us).
            logger.warning("a lowering profile was not accepted; raises are held back", metadata: ["site": "\(site.id)"])
            if !refused.subtracting(refusedBefore).isEmpty || !refusedDefault.subtracting(refusedDefaultBefore).isEmpty {
                requestPlan("a profile was refused")
            }
            return
        }
        _ = await send(raising)
    }

    private enum Change: Sendable {
        case tx(station: String, evse: Int, profile: ChargingProfileType)
        case txDefault(station: String, limit: Double)
    }

    /// Sends changes concurrently; true when every one was accepted.
    private func send(_ changes: [Change]) async -> Bool {
        guard !changes.isEmpty else { return true }
        let requests = self.requests
        let startOfDay = Calendar(identifier: .gregorian).startOfDay(for: Date())
        // Each as the station takes it: in W where it does not take A (its SmartChargingCtrlr.RateUnit).
        let outgoing = changes.map { change -> (Change, SetChargingProfileRequest, String) in
            let station: String
            let evse: Int
            var profile: ChargingProfileType
            switch change {
            case .tx(let id, let evseId, let held):
                (station, evse, profile) = (id, evseId, held)
            case .txDefault(let id, let limit):
                (station, evse, profile) = (id, 0, ProfileBuilder.txDefaultProfile(limitA: limit, startOfDay: startOfDay))
            }
            if smartCharging[station]?.unit == .w {
                profile = ProfileBuilder.converted(profile, to: .w, wattsPerAmp: wattsPerAmp(station: station, evse: evse))
            }
            return (change, SetChargingProfileRequest(evseId: evse, chargingProfile: profile), station)
        }
        let results = await withTaskGroup(of: (Change, Bool).self) { group in
            let metrics = self.metrics
            let siteId = site.id
            let logger = self.logger
            for (change, request, station) in outgoing {
                group.addTask {
                    let purpose = request.chargingProfile.chargingProfilePurpose.rawValue
                    do {
                        let response = try await requests.send(request, to: station, timeout: .seconds(10))
                        metrics?.profile(site: siteId, purpose: purpose, outcome: response.status == .accepted ? "accepted" : "rejected")
                        if response.status != .accepted {
                            logger.info(
                                "a station refused a charging profile; what it holds stays counted",
                                metadata: [
                                    "station": "\(station)", "purpose": "\(purpose)",
                                    "unit": "\(request.chargingProfile.chargingSchedule.first?.chargingRateUnit.rawValue ?? "")",
                                    "reason": "\(response.statusInfo?.reasonCode ?? "none")",
                                ])
                        }
                        return (change, response.status == .accepted)
                    } catch {
                        metrics?.profile(site: siteId, purpose: purpose, outcome: "unanswered")
                        logger.info("a charging profile went unanswered; what the station holds stays counted", metadata: ["station": "\(station)", "purpose": "\(purpose)", "error": "\(error)"])
                        return (change, false)
                    }
                }
            }
            var results: [(Change, Bool)] = []
            for await result in group { results.append(result) }
            return results
        }
        var all = true
        for (change, accepted) in results {
            guard accepted else {
                all = false
                switch change {
                case .tx(let station, let evse, _): refused.insert(key(station, evse))
                case .txDefault(let station, _): refusedDefault.insert(station)
                }
                continue
            }
            switch change {
            case .tx(let station, let evse, let profile):
                profileChangedAt[key(station, evse)] = Date()
                heldTxProfiles[key(station, evse)] = profile
                dirtyHeld.insert(station)
                refused.remove(key(station, evse))
            case .txDefault(let station, let limit):
                heldTxDefault[station] = limit
                dirtyHeld.insert(station)
                txDefaultChangedAt[station] = Date()
                refusedDefault.remove(station)
            }
        }
        return all
    }

    /// True when a new profile lowers no slot's limit and raises none by 0.5 A or more, nor by
    /// the station's LimitChangeSignificance (% of the limit held): no flood of updates.
    static func insignificant(
        _ held: ChargingProfileType, _ new: ChargingProfileType, slots: [PlanningSlot], significance: Double? = nil
    ) -> Bool {
        for slot in slots {
            let a = ProfileBuilder.limit(of: held, at: slot.start) ?? -1
            let b = ProfileBuilder.limit(of: new, at: slot.start) ?? -1
            if b < a || b - a >= max(0.5, a * (significance ?? 0) / 100) { return false }
        }
        return true
    }

    private func takeProfileId() -> Int {
        nextProfileId += 1
        return nextProfileId
    }

    func key(_ station: String, _ evse: Int) -> String { "\(station)/\(evse)" }
}
