import OCPP

/// Work a default answer promises and the station carries out after the reply is on the wire
/// (OCPP orders it so: e.g. F01 RequestStartTransaction is answered before TransactionEvent Started).
enum FollowUp: Sendable {
    case startTransaction(evseId: Int, idToken: JSONValue, remoteStartId: Int)
    case stopTransaction(transactionId: String)
    case trigger(message: String, evseId: Int?, connectorId: Int?)
    case report(requestId: Int, variables: [DeviceModelVariable])
    case availability(evseId: Int?, connectorId: Int?, status: String)
    /// K09: the profiles a GetChargingProfiles asked for, one ReportChargingProfiles each.
    case reportChargingProfiles([ReportChargingProfilesRequest])
}
