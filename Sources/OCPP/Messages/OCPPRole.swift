/// Which side of an OCPP connection sends a request, so a CSMS can reject CALLs a station may not send.
public enum OCPPRole: Sendable, Hashable {
    /// The charging station sends this request to the CSMS.
    case chargingStation
    /// The CSMS sends this request to the charging station.
    case csms
    /// Either side may send it (only DataTransfer).
    case both
}
