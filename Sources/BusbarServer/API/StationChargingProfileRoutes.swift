import BusbarCSMS
import Hummingbird
import OCPP

/// `GET /api/v1/stations/{id}/charging-profiles`: the charging profiles a station accepted from
/// the energy manager or an operator and still holds (K01), so an operator sees what caps it;
/// `POST` an operator's profile (checked against the site's limits, then held in the plan as a
/// constraint) and `DELETE …/{profileId}` (K10); and
/// `GET /api/v1/stations/{id}/composite-schedule`: what the station itself says it will enforce (K08).
struct StationChargingProfileRoutes {
    let energy: EnergyManager
    let requests: any StationRequestSender

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/stations/{id}/charging-profiles") { _, context in
            let id = try context.parameters.identifier("id")
            guard let planner = await energy.planner(forStation: id) else {
                throw APIError.notFound("station '\(id)' is on no site; the energy manager sends it no profiles")
            }
            let held = await planner.heldProfiles(ofStation: id)
            let manual = await planner.manualProfiles[id] ?? [:]
            var items: [JSONValue] = held.map {
                ["evseId": .number(Double($0.evseId)), "source": "energy-manager", "chargingProfile": $0.profile.jsonValue]
            }
            for (_, profile) in manual.sorted(by: { $0.key < $1.key }) {
                items.append(["evseId": .number(Double(profile.evseId)), "source": "operator", "chargingProfile": profile.profile.jsonValue])
            }
            return JSONResponse.make(.array(items))
        }
        router.post("/api/v1/stations/{id}/charging-profiles") { request, context in
            let id = try context.parameters.identifier("id")
            guard let planner = await energy.planner(forStation: id) else {
                throw APIError.notFound("station '\(id)' is on no site; send its profiles with POST /api/v1/stations/{id}/requests/SetChargingProfile")
            }
            let body = try await JSONRequestBody.read(request, context: context)
            try body.allowOnly(["evseId", "chargingProfile"])
            let set: SetChargingProfileRequest
            do {
                set = try SetChargingProfileRequest(jsonValue: .object(body.fields))
            } catch {
                throw APIError(.unprocessableContent, code: "invalid_payload", "not a SetChargingProfileRequest: \(error)")
            }
            do throws(ManualProfileFailure) {
                let response = try await planner.setManualProfile(station: id, evseId: set.evseId, profile: set.chargingProfile)
                return JSONResponse.make(
                    ["evseId": .number(Double(set.evseId)), "source": "operator", "chargingProfile": set.chargingProfile.jsonValue,
                     "status": .string(response.status.rawValue)], status: .created)
            } catch {
                throw Self.apiError(error)
            }
        }
        router.delete("/api/v1/stations/{id}/charging-profiles/{profileId}") { _, context in
            let id = try context.parameters.identifier("id")
            guard let profileId = Int(try context.parameters.decoded("profileId")) else {
                throw APIError.invalid("must be an integer", field: "profileId")
            }
            guard let planner = await energy.planner(forStation: id) else {
                throw APIError.notFound("station '\(id)' is on no site")
            }
            do throws(ManualProfileFailure) {
                let response = try await planner.deleteManualProfile(station: id, profileId: profileId)
                return JSONResponse.make(["profileId": .number(Double(profileId)), "status": .string(response.status.rawValue)])
            } catch {
                throw Self.apiError(error)
            }
        }
        router.get("/api/v1/stations/{id}/composite-schedule") { request, context in
            let accepted = ContinuousClock.now
            let id = try context.parameters.identifier("id")
            let query = request.uri.queryParameters
            func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
                guard let text = query[Substring(name)] else { return value }
                guard let number = Int(String(text)), range.contains(number) else {
                    throw APIError.invalid("must be an integer in \(range.lowerBound)...\(range.upperBound)", field: name)
                }
                return number
            }
            let evseId = try integer("evseId", default: 0, in: 0...1_000_000)
            let duration = try integer("duration", default: 86_400, in: 1...604_800)
            var unit: ChargingRateUnitEnumType?
            if let text = query["rateUnit"] {
                guard let parsed = ChargingRateUnitEnumType(rawValue: String(text)) else {
                    throw APIError.invalid("must be A or W", field: "rateUnit")
                }
                unit = parsed
            }
            let timeout = Duration.seconds(30) - (ContinuousClock.now - accepted)
            do {
                let response = try await requests.send(
                    GetCompositeScheduleRequest(duration: duration, chargingRateUnit: unit, evseId: evseId), to: id, timeout: timeout)
                return JSONResponse.make(response.jsonValue)
            } catch let error as StationRequestError {
                throw StationRequestRoutes.apiError(error)
            }
        }
    }

    static func apiError(_ error: ManualProfileFailure) -> APIError {
        switch error {
        case .refused(.invalid(let field, let reason)): return APIError.invalid(reason, field: field)
        case .refused(.conflict(let reason)): return APIError(.conflict, code: "conflict", reason)
        case .unsafe(let reason): return APIError(.conflict, code: "exceeds_site_limits", reason)
        case .rejected(let status, let reason):
            return APIError(
                .conflict, code: "station_rejected", "the station answered \(status)" + (reason.map { " (\($0))" } ?? ""),
                details: ["status": .string(status)])
        case .station(let failure): return StationRequestRoutes.apiError(failure)
        case .notFound: return APIError.notFound("no charging profile with this id was set by an operator on this station")
        }
    }
}
