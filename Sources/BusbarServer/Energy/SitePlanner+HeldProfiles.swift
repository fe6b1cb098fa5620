import BusbarCSMS
import BusbarEnergy
import BusbarStorage
import Foundation
import Logging
import OCPP

extension SitePlanner {
    /// Stores what the stations changed since the last time now hold (one write): after a restart
    /// an offline station is counted at that, not forgotten.
    func storeHeld() async {
        guard let heldStore, !dirtyHeld.isEmpty else { return }
        let stations = dirtyHeld.sorted()
        dirtyHeld = []
        let startOfDay = Calendar(identifier: .gregorian).startOfDay(for: Date())
        var records: [HeldChargingProfileRecord] = []
        for station in stations {
            if let limit = heldTxDefault[station] {
                let profile = ProfileBuilder.txDefaultProfile(limitA: limit, startOfDay: startOfDay)
                records.append(.init(stationId: station, evseId: 0, profileId: profile.id, profile: profile.jsonValue.serialized(), acceptedAt: Date()))
            }
            for (slot, profile) in heldTxProfiles where slot.hasPrefix(station + "/") {
                guard let evse = Int(slot.dropFirst(station.count + 1)) else { continue }
                records.append(.init(stationId: station, evseId: evse, profileId: profile.id, profile: profile.jsonValue.serialized(), acceptedAt: Date()))
            }
        }
        do {
            try await heldStore.replaceHeldChargingProfiles(stationIds: stations, with: records)
        } catch {
            dirtyHeld.formUnion(stations)
            logger.error("what the stations hold could not be stored; trying again after the next plan", metadata: ["site": "\(site.id)", "error": "\(error)"])
        }
    }

    /// What the stations held when Busbar last stopped, at start: counted until they reconnect and report.
    func loadHeldProfiles(_ records: [HeldChargingProfileRecord]) {
        let now = Date()
        for record in records where hasStation(record.stationId) {
            guard let json = try? JSONValue(parsing: record.profile), let profile = try? ChargingProfileType(jsonValue: json) else { continue }
            switch profile.chargingProfilePurpose {
            case .txDefaultProfile where heldTxDefault[record.stationId] == nil:
                heldTxDefault[record.stationId] = ProfileBuilder.worstLimit(of: profile, from: now, hours: 24)
            case .txProfile where heldTxProfiles[key(record.stationId, record.evseId)] == nil:
                heldTxProfiles[key(record.stationId, record.evseId)] = profile
                nextProfileId = max(nextProfileId, profile.id)
            default:
                continue
            }
        }
    }
}
