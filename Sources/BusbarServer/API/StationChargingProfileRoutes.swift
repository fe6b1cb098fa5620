import BusbarCSMS
import Hummingbird
import OCPP

/// `GET /api/v1/stations/{id}/charging-profiles`: the charging profiles a station accepted from
/// the energy manager and still holds (K01), so an operator sees what caps it; and
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
            return JSONResponse.make(
                .array(held.map { ["evseId": .number(Double($0.evseId)), "chargingProfile": $0.profile.jsonValue] }))
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
}
