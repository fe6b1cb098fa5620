import Hummingbird
import OCPP

/// `GET /api/v1/stations/{id}/charging-profiles`: the charging profiles a station accepted from
/// the energy manager and still holds (K01), so an operator sees what caps it.
struct StationChargingProfileRoutes {
    let energy: EnergyManager

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/stations/{id}/charging-profiles") { _, context in
            let id = try context.parameters.identifier("id")
            guard let planner = await energy.planner(forStation: id) else {
                throw APIError.notFound("station '\(id)' is on no site; the energy manager sends it no profiles")
            }
            let held = await planner.heldProfiles(ofStation: id)
            return JSONResponse.make(
                .array(held.map { ["evseId": .number(Double($0.evseId)), "chargingProfile": $0.profile.jsonValue] }))
        }
    }
}
