/// The registration status the CSMS answers a station's BootNotification with (OCPP 2.0.1 B01–B03).
public enum BootPolicy: String, Codable, Sendable, Hashable, CaseIterable {
    /// Admit the station: it may start transactions.
    case accepted = "Accepted"
    /// Let the station connect for configuration only (B02), until an operator accepts it.
    case pending = "Pending"
    /// Refuse the station; it retries after the interval the CSMS gives (B03).
    case rejected = "Rejected"
}
