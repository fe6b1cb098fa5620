import OCPP

/// Where a connected station stands in the boot handshake (B01–B03); it decides which CALLs the
/// station may send and whether the CSMS may send it requests.
public enum RegistrationState: Sendable, Hashable {
    /// Connected but no BootNotification answered on this or an earlier connection.
    case unregistered
    /// The last BootNotification was answered Pending (B02).
    case pending
    /// The last BootNotification was answered Accepted (B01).
    case accepted
    /// The last BootNotification was answered Rejected (B03).
    case rejected

    /// Maps the answer sent to the station to the state it puts the station in.
    public init(_ status: RegistrationStatusEnumType) {
        switch status {
        case .accepted: self = .accepted
        case .pending: self = .pending
        case .rejected: self = .rejected
        }
    }
}
