import Foundation

/// Creates the bench's stations and idToken through the operator API; 201 and 409 both mean "exists".
struct BenchRegistration: Sendable {
    let plan: BenchPlan

    func run() async throws {
        guard let components = URLComponents(string: plan.api), let host = components.host else {
            throw BenchFailure(description: "--api \(plan.api) is not an http:// URL")
        }
        let port = components.port ?? 80
        let started = ContinuousClock.now
        let token = try await LocalHTTPClient.post(
            host: host, port: port, path: "/api/v1/id-tokens",
            json: #"{"idToken":"\#(plan.idToken)","type":"ISO14443","status":"Accepted"}"#, apiKey: plan.apiKey)
        guard token.status == 201 || token.status == 409 else {
            throw BenchFailure(description: "POST /api/v1/id-tokens answered HTTP \(token.status): \(token.body.prefix(200))")
        }
        let plan = self.plan
        let failures = await withTaskGroup(of: String?.self) { group in
            var next = 0
            var failures: [String] = []
            func launch() {
                let stationId = plan.stationId(next)
                next += 1
                group.addTask {
                    var body = #"{"id":"\#(stationId)","securityProfile":1,"bootStatus":"Accepted""#
                    if let password = plan.password { body += #","password":"\#(password)""# }
                    body += "}"
                    do {
                        let response = try await LocalHTTPClient.post(
                            host: host, port: port, path: "/api/v1/stations", json: body, apiKey: plan.apiKey)
                        return response.status == 201 || response.status == 409
                            ? nil : "\(stationId): HTTP \(response.status) \(response.body.prefix(160))"
                    } catch {
                        return "\(stationId): \(error)"
                    }
                }
            }
            for _ in 0..<min(50, plan.stations) { launch() }
            while let result = await group.next() {
                if let result { failures.append(result) }
                if next < plan.stations { launch() }
            }
            return failures
        }
        let elapsed = ContinuousClock.now - started
        print("registered \(plan.stations - failures.count)/\(plan.stations) stations and token \(plan.idToken) in \(elapsed)")
        if let first = failures.first {
            throw BenchFailure(description: "\(failures.count) station registrations failed; first: \(first)")
        }
    }
}
