import BusbarStorage
import OCPP

/// A01 "Update Charging Station Password for HTTP Basic Authentication", CSMS side:
/// the CSMS makes a new random password, sends it in a SetVariablesRequest for
/// `SecurityCtrlr.BasicAuthPassword` (A01.FR.01), and only once the station answers Accepted
/// (or RebootRequired) keeps it — as a hash — for the next connection (A01.FR.02/.03). Until
/// then, and for good when the station refuses, the old password stays valid (A01.FR.04/.05,
/// TC_A_10_CSMS). The password itself is never returned nor stored: the station holds it.
public struct StationPasswordChange: Sendable {
    /// What the station did with the new password.
    public enum Outcome: Sendable, Equatable {
        /// Accepted or RebootRequired: the new password is the one the CSMS checks from now on.
        case changed(SetVariableStatusEnumType)
        /// Any other status: the CSMS keeps the old password.
        case refused(SetVariableStatusEnumType, reason: String?)
    }

    /// Why no answer could be had, or the answer not kept.
    public enum Failure: Error, Sendable, Equatable {
        /// The station is not registered.
        case notRegistered(String)
        /// Security profile 3 authenticates with a client certificate, not a password.
        case noBasicAuth(String)
        /// The SetVariables request did not produce an answer (not connected, timeout, CALLERROR…).
        case request(StationRequestError)
        /// The station accepted but the hash could not be stored: it now holds a password the CSMS
        /// does not know, so the operator must repeat the change once storage works.
        case storage(String)
    }

    let administration: StationAdministration
    let requests: any StationRequestSender

    /// Creates the use case over the operator commands and the request sender.
    public init(administration: StationAdministration, requests: any StationRequestSender) {
        self.administration = administration
        self.requests = requests
    }

    /// Runs A01 for a station; `length` is the new password's length (16–40).
    public func run(stationId: String, length: Int = StationPasswordGenerator.defaultLength, timeout: Duration? = nil)
        async throws(Failure) -> Outcome
    {
        let station: StationRecord?
        do {
            station = try await administration.store.station(id: stationId)
        } catch {
            throw .storage("could not read station '\(stationId)': \(error)")
        }
        guard let station else { throw .notRegistered(stationId) }
        guard station.securityProfile < 3 else { throw .noBasicAuth(stationId) }
        let password = StationPasswordGenerator.generate(length: length)
        let request = SetVariablesRequest(setVariableData: [
            SetVariableDataType(
                attributeType: .actual, attributeValue: password, component: ComponentType(name: "SecurityCtrlr"),
                variable: VariableType(name: "BasicAuthPassword"))
        ])
        let response: SetVariablesResponse
        do {
            response = try await requests.send(request, to: stationId, timeout: timeout)
        } catch {
            throw .request(error)
        }
        guard let result = response.setVariableResult.first else {
            throw .request(.invalidResponse(reason: "SetVariablesResponse has no setVariableResult"))
        }
        switch result.attributeStatus {
        case .accepted, .rebootRequired:
            do {
                _ = try await administration.updateStation(id: stationId, .init(password: password))
            } catch {
                throw .storage(
                    "station '\(stationId)' accepted the new password but it could not be stored (\(error)); run the change again")
            }
            return .changed(result.attributeStatus)
        default:
            let reason = result.attributeStatusInfo.map { [$0.reasonCode, $0.additionalInfo].compactMap { $0 }.joined(separator: ": ") }
            return .refused(result.attributeStatus, reason: reason)
        }
    }
}
