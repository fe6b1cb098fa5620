/// Which way a logged OCPP-J frame travelled.
public enum FrameDirection: String, Codable, Sendable, Hashable, CaseIterable {
    /// From the station to the CSMS.
    case incoming = "in"
    /// From the CSMS to the station.
    case outgoing = "out"
}
