import BusbarCSMS
import BusbarEnergy
import BusbarStorage
import Foundation
import Logging
import OCPP

/// Reconciliation with what a station really holds after it connects or boots (K09, K10, K08).
extension SitePlanner {
    /// Learns what a station can take and what it holds (K09 GetChargingProfiles → its
    /// ReportChargingProfiles), takes that as the truth, and clears what is stale (K10): a
    /// TxProfile of a transaction that ended, or a TxProfile/TxDefaultProfile Busbar did not
    /// send, which could let the station draw more than planned. When the station does not
    /// answer, what Busbar last knew stays counted.
    func reconcile(_ station: String) async {
        do {
            let response = try await requests.send(StationSmartCharging.request, to: station, timeout: .seconds(10))
            smartCharging[station] = StationSmartCharging(response: response)
            maxProfileCache[station] = nil  // Made again for what this station takes (PeriodsPerSchedule, stack levels).
        } catch {
            logger.info("smart charging variables unreadable; using defaults", metadata: ["station": "\(station)", "error": "\(error)"])
        }
        nextRequestId += 1
        let requestId = nextRequestId
        reportCollectors[requestId] = ReportCollector()
        defer { reportCollectors[requestId] = nil }
        let status: GetChargingProfileStatusEnumType
        do {
            status = try await requests.send(
                GetChargingProfilesRequest(requestId: requestId, chargingProfile: ChargingProfileCriterionType(chargingLimitSource: [.cso])),
                to: station, timeout: .seconds(10)
            ).status
        } catch {
            logger.warning(
                "could not read the charging profiles a station holds; what Busbar sent it stays counted",
                metadata: ["station": "\(station)", "error": "\(error)"])
            return
        }
        var reported: [(evseId: Int, profile: ChargingProfileType)] = []
        if status == .accepted {
            guard let reports = await collectReports(requestId, timeout: .seconds(10)) else {
                logger.warning("a station did not finish reporting its charging profiles", metadata: ["station": "\(station)"])
                return
            }
            reported = reports.flatMap { report in report.chargingProfile.map { (report.evseId, $0) } }
        }
        let stale = adopt(reported, of: station)
        for id in stale {
            do {
                let answer = try await requests.send(ClearChargingProfileRequest(chargingProfileId: id), to: station, timeout: .seconds(10))
                logger.info("cleared a stale charging profile", metadata: ["station": "\(station)", "profile": "\(id)", "status": "\(answer.status)"])
                metrics?.cleared(site: site.id)
            } catch {
                logger.warning("could not clear a stale charging profile", metadata: ["station": "\(station)", "profile": "\(id)"])
                // It may let an EVSE draw more than planned: count that EVSE at its maximum until the next slot.
                if let evse = reported.first(where: { $0.profile.id == id })?.evseId { refused.insert(key(station, evse)) }
            }
        }
        await verifyComposite(station)
    }

    /// Asks the station what it will really let each charging EVSE draw in the next hour (K08
    /// GetCompositeSchedule) and, where that is more than Busbar counts, counts the EVSE at what
    /// the station says, unplanned, until the next slot boundary.
    func verifyComposite(_ station: String) async {
        let now = Date()
        for (slot, transaction) in transactions.sorted(by: { $0.key < $1.key }) where transaction.station == station {
            guard let index = topology.evseIndex(station: station, evse: transaction.evse) else { continue }
            // Under an operator's TxProfile the EVSE already counts at that.
            if manualProfile(.txProfile, station: station, evse: transaction.evse)?.profile.transactionId == transaction.transactionId { continue }
            let spec = topology.evses[index].spec
            let counted = min(spec.maxA, heldMaximum(slot, station: station, from: now, default: spec.maxA, hours: 1))
            guard counted < spec.maxA else { continue }  // Already counted at the most it can draw.
            let unit = smartCharging[station]?.unit ?? .a
            let response: GetCompositeScheduleResponse
            do {
                response = try await requests.send(
                    GetCompositeScheduleRequest(duration: 3600, chargingRateUnit: unit, evseId: transaction.evse), to: station,
                    timeout: .seconds(10))
            } catch {
                continue
            }
            guard response.status == .accepted, let schedule = response.schedule else { continue }
            let perAmp = schedule.chargingRateUnit == .w ? wattsPerAmp(station: station, evse: transaction.evse) : 1
            let most = schedule.chargingSchedulePeriod.map { $0.limit / perAmp }.max() ?? 0
            guard most > counted + 0.5 else { continue }
            logger.warning(
                "a station's composite schedule allows more than Busbar counts; counting the EVSE at that",
                metadata: ["station": "\(station)", "evse": "\(transaction.evse)", "countedA": "\(counted)", "compositeA": "\(most)"])
            refused.insert(slot)
            compositeMaximum[slot] = min(spec.maxA, most)
        }
    }

    /// Takes a station's report as what it holds; returns the ids of the profiles to clear.
    func adopt(_ reported: [(evseId: Int, profile: ChargingProfileType)], of station: String) -> [Int] {
        var stale: [Int] = []
        var txDefault: Double?
        var tx: [String: ChargingProfileType] = [:]
        var maxes: [Int: StationMaxProfile] = [:]
        let now = Date()
        for (evse, received) in reported {
            let profile = inAmperes(received, station: station, evse: evse)
            if manualProfiles[station]?[profile.id] != nil { continue }  // An operator's: counted as such.
            switch profile.chargingProfilePurpose {
            case .txDefaultProfile where profile.id == ProfileBuilder.txDefaultProfileId && evse == 0:
                txDefault = ProfileBuilder.worstLimit(of: profile, from: now, hours: 24)
            case .txProfile where profile.id > ProfileBuilder.txProfileIdBase:
                let slot = key(station, evse)
                if let transaction = transactions[slot], transaction.transactionId == profile.transactionId {
                    tx[slot] = profile
                } else {
                    stale.append(profile.id)
                }
            case .txProfile, .txDefaultProfile:
                logger.warning(
                    "a station holds a charging profile Busbar did not send; clearing it",
                    metadata: ["station": "\(station)", "profile": "\(profile.id)", "purpose": "\(profile.chargingProfilePurpose)"])
                stale.append(profile.id)
            case .chargingStationMaxProfile where [StationMaxProfile.profileId, StationMaxProfile.signalProfileId].contains(profile.id) && evse == 0:
                // Busbar's own cap: kept as held when it is what Busbar last sent, else sent again.
                if let held = heldMaxProfiles[station]?[profile.id], held.profile(unit: received.chargingSchedule.first?.chargingRateUnit ?? .a) == received {
                    maxes[profile.id] = held
                }
            case .chargingStationMaxProfile, .chargingStationExternalConstraints:
                continue  // They only lower what the station may draw.
            }
        }
        for slot in heldTxProfiles.keys where slot.hasPrefix(station + "/") && tx[slot] == nil { heldTxProfiles[slot] = nil }
        for (slot, profile) in tx { heldTxProfiles[slot] = profile }
        heldTxDefault[station] = txDefault
        heldMaxProfiles[station] = maxes
        dirtyHeld.insert(station)
        // What it holds is known now: a profile it refused or left unanswered before (perhaps
        // while it was going offline, or built for the capabilities of the station it replaced)
        // no longer stands between it and a new one.
        refusedDefault.remove(station)
        refusedMax.remove(station)
        for slot in refused where slot.hasPrefix(station + "/") {
            refused.remove(slot)
            compositeMaximum[slot] = nil
        }
        return stale
    }

    /// A profile a station reported, with a W schedule turned into A per phase for this EVSE.
    func inAmperes(_ profile: ChargingProfileType, station: String, evse: Int) -> ChargingProfileType {
        guard profile.chargingSchedule.contains(where: { $0.chargingRateUnit == .w }) else { return profile }
        return ProfileBuilder.converted(profile, to: .a, wattsPerAmp: wattsPerAmp(station: station, evse: evse))
    }

    /// Watts per ampere of an EVSE (EVSE 0: the least of the station's, so a W limit on the
    /// whole station never lets one of its EVSEs exceed the A limit).
    func wattsPerAmp(station: String, evse: Int) -> Double {
        let indices = topology.evses.indices.filter { topology.evses[$0].station == station && (evse == 0 || topology.evses[$0].evse == evse) }
        let values = indices.map { topology.kilowattsPerAmp(evse: $0, wiring: topology.evses[$0].wiring) * 1000 }
        return values.min() ?? site.voltageLN
    }

    /// A station's ReportChargingProfiles (K09), matched to the GetChargingProfiles that asked.
    func profilesReported(_ report: ReportChargingProfilesRequest) {
        guard var collector = reportCollectors[report.requestId] else { return }
        collector.reports.append(report)
        if report.tbc != true {
            collector.complete = true
            collector.waiter?.resume(returning: collector.reports)
            collector.waiter = nil
        }
        reportCollectors[report.requestId] = collector
    }

    func collectReports(_ requestId: Int, timeout: Duration) async -> [ReportChargingProfilesRequest]? {
        guard let collector = reportCollectors[requestId] else { return nil }
        if collector.complete { return collector.reports }
        Task {
            try? await Task.sleep(for: timeout)
            self.reportsTimedOut(requestId)
        }
        return await withCheckedContinuation { reportCollectors[requestId]?.waiter = $0 }
    }

    func reportsTimedOut(_ requestId: Int) {
        guard let waiter = reportCollectors[requestId]?.waiter else { return }
        reportCollectors[requestId]?.waiter = nil
        waiter.resume(returning: nil)
    }

    struct ReportCollector {
        var reports: [ReportChargingProfilesRequest] = []
        var complete = false
        var waiter: CheckedContinuation<[ReportChargingProfilesRequest]?, Never>?
    }
}
