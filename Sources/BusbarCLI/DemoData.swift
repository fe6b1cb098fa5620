import BusbarCSMS
import Logging

/// The demo station and token that `busbar serve --demo` registers, so `busbar simulate-station`
/// works on a fresh machine without any set-up.
enum DemoData {
    static let stationId = "DEMO-CS1"
    static let password = "demo-password-0001"
    static let idToken = "DEMO-TOKEN"

    static func seed(_ administration: StationAdministration, logger: Logger) async throws {
        let result: Result<Void, OperatorError>
        do {
            _ = try await administration.addStation(.init(id: stationId, password: password))
            result = .success(())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success:
            logger.info("demo station registered", metadata: ["station": "\(stationId)", "password": "\(password)"])
        case .failure(let error) where error.code == .conflict:
            break
        case .failure(let error):
            throw error
        }
        _ = try await administration.putIdToken(idToken: idToken, type: "ISO14443", status: "Accepted", expiresAt: nil, groupId: nil)
    }
}
