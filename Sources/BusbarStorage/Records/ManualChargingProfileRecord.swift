import Foundation

/// One charging profile an operator set on a station, as the SetChargingProfile that carried it.
public struct ManualChargingProfileRecord: Codable, Sendable, Hashable {
    /// The station it was set on.
    public var stationId: String
    /// The profile's id (unique per station).
    public var profileId: Int
    /// The EVSE it was set on (0: the whole station).
    public var evseId: Int
    /// The ChargingProfileType as JSON text.
    public var profile: String
    /// When it was stored.
    public var createdAt: Date

    /// Makes a record.
    public init(stationId: String, profileId: Int, evseId: Int, profile: String, createdAt: Date) {
        self.stationId = stationId
        self.profileId = profileId
        self.evseId = evseId
        self.profile = profile
        self.createdAt = createdAt
    }

    func validate() throws(StorageError) {
        try StoredText.check("manualChargingProfile", key: stationId.replacingNul(), [("stationId", stationId), ("profile", profile)])
    }
}
