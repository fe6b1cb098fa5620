import BusbarCSMS
import BusbarEnergy
import BusbarStorage
import Foundation
import Logging
import OCPP

extension SitePlanner {
    /// Brings every connected station onto its ChargingStationMaxProfiles (the site's recurring
    /// limits, and an absolute one while limit signals bind it alone): after the plan's profiles,
    /// and apart from them — a cap only ever lowers what a station may draw, so a station that
    /// refuses one holds back nothing else; it is asked again at the next slot boundary.
    func sendStationMaxProfiles(now: Date, envelopes: [LimitEnvelope]) async {
        let stations = Set(topology.evses.map(\.station)).intersection(connected).subtracting(refusedMax)
        var sets: [(String, StationMaxProfile)] = []
        var clears: [(String, Int)] = []
        for station in stations.sorted() {
            let wanted = wantedMaxProfiles(station, now: now, envelopes: envelopes)
            let held = heldMaxProfiles[station] ?? [:]
            if let recurring = wanted.recurring, held[StationMaxProfile.profileId] != recurring { sets.append((station, recurring)) }
            if let signal = wanted.signal {
                if held[StationMaxProfile.signalProfileId] != signal { sets.append((station, signal)) }
            } else if held[StationMaxProfile.signalProfileId] != nil {
                clears.append((station, StationMaxProfile.signalProfileId))
            }
        }
        guard !sets.isEmpty || !clears.isEmpty else { return }
        let requests = self.requests
        let units = smartCharging.mapValues(\.unit)
        let metrics = self.metrics
        let siteId = site.id
        let outcomes = await withTaskGroup(of: (String, StationMaxProfile?, Int, Bool).self) { group in
            for (station, profile) in sets {
                group.addTask {
                    let request = SetChargingProfileRequest(evseId: 0, chargingProfile: profile.profile(unit: units[station] ?? .a))
                    let id = request.chargingProfile.id
                    do {
                        let accepted = try await requests.send(request, to: station, timeout: .seconds(10)).status == .accepted
                        metrics?.profile(site: siteId, purpose: "ChargingStationMaxProfile", outcome: accepted ? "accepted" : "rejected")
                        return (station, profile, id, accepted)
                    } catch {
                        metrics?.profile(site: siteId, purpose: "ChargingStationMaxProfile", outcome: "unanswered")
                        return (station, profile, id, false)
                    }
                }
            }
            for (station, id) in clears {
                group.addTask {
                    // Unknown: the station no longer holds it either.
                    let cleared = (try? await requests.send(ClearChargingProfileRequest(chargingProfileId: id), to: station, timeout: .seconds(10))) != nil
                    return (station, nil, id, cleared)
                }
            }
            var outcomes: [(String, StationMaxProfile?, Int, Bool)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        for (station, profile, id, done) in outcomes {
            guard done else {
                refusedMax.insert(station)
                logger.info("a station did not take its ChargingStationMaxProfile; asking again at the next slot", metadata: ["station": "\(station)", "profile": "\(id)"])
                continue
            }
            heldMaxProfiles[station, default: [:]][id] = profile
        }
    }

    /// The ChargingStationMaxProfiles a station should hold now, made again on a new local day,
    /// a changed site or changed limit signals. The signal profile needs stack level 1.
    private func wantedMaxProfiles(_ station: String, now: Date, envelopes all: [LimitEnvelope]) -> (recurring: StationMaxProfile?, signal: StationMaxProfile?) {
        let envelopes = all.filter { $0.baseLoadKW == nil }  // Readings come and go; the caps follow the limits.
        let day = StationMaxProfile.localMidnight(of: now, timezone: site.timezone)
        if let cached = maxProfileCache[station], cached.day == day, cached.signals == envelopes {
            return (cached.recurring, cached.signal)
        }
        let capabilities = smartCharging[station] ?? StationSmartCharging()
        if stepConditions?.day != day { stepConditions = (day, StepConditions(topology: topology)) }
        let recurring = StationMaxProfile.make(
            topology: topology, station: station, now: now, maxPeriods: capabilities.periodsPerSchedule, steps: stepConditions?.memo)
        var signal: StationMaxProfile?
        if let recurring, capabilities.maxStackLevel >= 1 {
            signal = StationMaxProfile.signals(
                topology: topology, station: station, envelopes: envelopes, recurring: recurring, now: now, maxPeriods: capabilities.periodsPerSchedule)
        }
        maxProfileCache[station] = (day, envelopes, recurring, signal)
        return (recurring, signal)
    }
}
