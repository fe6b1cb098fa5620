import BusbarCSMS
import BusbarEnergy
import BusbarStorage
import Foundation
import Logging
import OCPP

/// Why an operator's profile was not set or removed, for the API's 4xx/5xx answer.
enum ManualProfileFailure: Error, Sendable {
    /// The profile itself is wrong or cannot be kept safe (names the field or the reason).
    case refused(ManualChargingProfile.Refusal)
    /// It would let the site exceed a limit at some moment of the next day.
    case unsafe(String)
    /// The station did not take it (its status and reason).
    case rejected(status: String, reason: String?)
    /// The request to the station failed.
    case station(StationRequestError)
    /// No such manual profile.
    case notFound
}

extension SitePlanner {
    /// The operator's profile of `purpose` that governs an EVSE: its own, else the station's
    /// (EVSE 0); the highest stack level wins, as on the station (K08).
    func manualProfile(_ purpose: ChargingProfilePurposeEnumType, station: String, evse: Int) -> ManualChargingProfile? {
        let candidates = (manualProfiles[station] ?? [:]).values.filter { $0.profile.chargingProfilePurpose == purpose }
        let own = candidates.filter { $0.evseId == evse }.max { $0.profile.stackLevel < $1.profile.stackLevel }
        return own ?? candidates.filter { $0.evseId == 0 }.max { $0.profile.stackLevel < $1.profile.stackLevel }
    }

    /// The stored operator profiles of this site's stations, at start.
    func loadManualProfiles(_ records: [ManualChargingProfileRecord]) {
        for record in records where hasStation(record.stationId) {
            guard let json = try? JSONValue(parsing: record.profile), let profile = try? ChargingProfileType(jsonValue: json) else { continue }
            manualProfiles[record.stationId, default: [:]][record.profileId] = ManualChargingProfile(
                evseId: record.evseId, profile: profile, amperes: inAmperes(profile, station: record.stationId, evse: record.evseId),
                accepted: true)
        }
    }

    /// Sets an operator's profile: refused when it is malformed for Busbar or would let the site
    /// exceed a limit with what the plan cannot move; else the others are re-planned around it
    /// (lowered first), the whole site is checked again as the stations now hold it, and only
    /// then is the profile sent. Stored once the station accepted it.
    func setManualProfile(station: String, evseId: Int, profile: ChargingProfileType) async throws(ManualProfileFailure)
        -> SetChargingProfileResponse
    {
        if let refusal = ManualChargingProfile.refusal(
            evseId: evseId, profile: profile, transactionOn: { transactions[key(station, $0)]?.transactionId })
        {
            throw .refused(refusal)
        }
        let manual = ManualChargingProfile(evseId: evseId, profile: profile, amperes: inAmperes(profile, station: station, evse: evseId))
        let now = Date()
        if let problem = manualViolation(manual, station: station, now: now, asHeld: false) { throw .unsafe(problem) }
        manualProfiles[station, default: [:]][profile.id] = manual
        requestPlan("operator profile \(profile.id) on \(station)")
        await settled()
        if let problem = manualViolation(manual, station: station, now: Date(), asHeld: true) {
            manualProfiles[station]?[profile.id] = nil
            requestPlan("operator profile \(profile.id) withdrawn")
            throw .unsafe(problem)
        }
        let response: SetChargingProfileResponse
        do throws(StationRequestError) {
            response = try await requests.send(SetChargingProfileRequest(evseId: evseId, chargingProfile: profile), to: station, timeout: .seconds(30))
        } catch {
            manualProfiles[station]?[profile.id] = nil
            requestPlan("operator profile \(profile.id) not set")
            throw .station(error)
        }
        guard response.status == .accepted else {
            manualProfiles[station]?[profile.id] = nil
            requestPlan("operator profile \(profile.id) rejected")
            throw .rejected(status: response.status.rawValue, reason: response.statusInfo?.reasonCode)
        }
        manualProfiles[station]?[profile.id]?.accepted = true
        if profile.chargingProfilePurpose == .txProfile, let own = heldTxProfiles[key(station, evseId)] {
            // Busbar's TxProfile under it would come back if the operator's were removed: clear it.
            if (try? await requests.send(ClearChargingProfileRequest(chargingProfileId: own.id), to: station, timeout: .seconds(10))) != nil {
                forgetTxProfile(key(station, evseId))
            }
        }
        await storeManual(station: station, manual)
        return response
    }

    /// Removes an operator's profile from the station (K10 ClearChargingProfile) and from the plan.
    func deleteManualProfile(station: String, profileId: Int) async throws(ManualProfileFailure) -> ClearChargingProfileResponse {
        guard manualProfiles[station]?[profileId] != nil else { throw .notFound }
        let response: ClearChargingProfileResponse
        do throws(StationRequestError) {
            response = try await requests.send(ClearChargingProfileRequest(chargingProfileId: profileId), to: station, timeout: .seconds(30))
        } catch {
            throw .station(error)
        }
        // Unknown: the station holds it no more either.
        manualProfiles[station]?[profileId] = nil
        await manualStore?.forget(station: station, profileId: profileId, logger: logger)
        requestPlan("operator profile \(profileId) removed from \(station)")
        return response
    }

    /// Drops the operator's TxProfiles of a transaction that ended (the station drops them too).
    func forgetManualProfiles(station: String, transactionId: String) async {
        let ended = (manualProfiles[station] ?? [:]).filter {
            $0.value.profile.chargingProfilePurpose == .txProfile && $0.value.profile.transactionId == transactionId
        }
        for id in ended.keys {
            manualProfiles[station]?[id] = nil
            await manualStore?.forget(station: station, profileId: id, logger: logger)
        }
    }

    private func storeManual(station: String, _ manual: ManualChargingProfile) async {
        let record = ManualChargingProfileRecord(
            stationId: station, profileId: manual.profile.id, evseId: manual.evseId, profile: manual.profile.jsonValue.serialized(),
            createdAt: Date())
        do {
            try await manualStore?.putManualChargingProfile(record)
        } catch {
            logger.error(
                "an operator's charging profile could not be stored; it is counted until Busbar restarts",
                metadata: ["station": "\(station)", "profile": "\(manual.profile.id)", "error": "\(error)"])
        }
    }

    /// Where the profile would let the site exceed an exact limit in the next 24 h (15-minute
    /// steps), or nil. `asHeld` false: beside what the plan cannot move (the others can be
    /// lowered); true: beside everything the stations now hold.
    func manualViolation(_ manual: ManualChargingProfile, station: String, now: Date, asHeld: Bool) -> String? {
        if manual.isCap { return nil }  // A cap only lowers what the station may draw.
        let stationEVSEs = topology.evses.indices.filter { topology.evses[$0].station == station }
        let affected = stationEVSEs.filter { index in
            let evse = topology.evses[index]
            let busy = transactions[key(station, evse.evse)] != nil
            switch manual.profile.chargingProfilePurpose {
            case .txProfile: return evse.evse == manual.evseId
            case .txDefaultProfile: return !busy && (manual.evseId == 0 || evse.evse == manual.evseId)
            default: return false
            }
        }
        let affectedKeys = Set(affected.map { topology.evses[$0].key })
        let (active, held) = unmovable(now: now)
        for step in 0..<96 {
            let at = now + Double(step) * 900
            var draws: [ExactCheck.Draw] = []
            func add(_ index: Int, phases: Int, current: Double) {
                let wiring = topology.wiring(of: index, evPhases: phases)
                draws.append(
                    ExactCheck.Draw(
                        coefficients: topology.coefficients(evse: index, wiring: wiring),
                        kilowattsPerAmp: topology.kilowattsPerAmp(evse: index, wiring: wiring), current: current))
            }
            for index in affected {
                let evse = topology.evses[index]
                add(index, phases: evse.spec.wiring == "3P" ? 3 : 1, current: min(evse.spec.maxA, manual.limit(at: at)))
            }
            for draw in held where !affectedKeys.contains(key(draw.station, draw.evse)) {
                guard let index = topology.evseIndex(station: draw.station, evse: draw.evse) else { continue }
                add(index, phases: draw.phases, current: draw.currentA)
            }
            if asHeld {
                let heldKeys = Set(held.map { key($0.station, $0.evse) })
                for (index, evse) in topology.evses.enumerated() where !affectedKeys.contains(evse.key) && !heldKeys.contains(evse.key) {
                    guard connected.contains(evse.station) else { continue }
                    let limit: Double
                    if active[evse.key] != nil {
                        limit = heldTxProfiles[evse.key].flatMap { ProfileBuilder.limit(of: $0, at: at) } ?? heldTxDefault[evse.station] ?? evse.spec.maxA
                    } else {
                        limit = heldTxDefault[evse.station] ?? 0
                    }
                    add(index, phases: evse.spec.wiring == "3P" ? 3 : 1, current: min(evse.spec.maxA, limit))
                }
            }
            let conditions = topology.conditions(from: at, to: at + 900, envelopes: lastEnvelopes)
            if !ExactCheck.fits(draws, conditions: conditions) {
                return "with this profile the site would exceed a limit at \(ISO8601DateFormatter().string(from: at))"
                    + (asHeld ? " (the other stations did not lower in time)" : "")
            }
        }
        return nil
    }
}

extension ManualChargingProfileStore {
    /// Deletes a stored profile, logging a failure (the station no longer holds it either way).
    func forget(station: String, profileId: Int, logger: Logger) async {
        do {
            _ = try await deleteManualChargingProfile(stationId: station, profileId: profileId)
        } catch {
            logger.error("a removed charging profile could not be deleted from storage", metadata: ["station": "\(station)", "error": "\(error)"])
        }
    }
}
