import Foundation

/// One charging profile a station accepted from the energy manager, as it was sent.
public struct HeldChargingProfileRecord: Codable, Sendable, Hashable {
    /// The station holding it.
    public var stationId: String
    /// The EVSE it was set on (0: the whole station).
    public var evseId: Int
    /// The profile's id.
    public var profileId: Int
    /// The ChargingProfileType as JSON text.
    public var profile: String
    /// When the station accepted it.
    public var acceptedAt: Date

    /// Makes a record.
    public init(stationId: String, evseId: Int, profileId: Int, profile: String, acceptedAt: Date) {
        self.stationId = stationId
        self.evseId = evseId
        self.profileId = profileId
        self.profile = profile
        self.acceptedAt = acceptedAt
    }

    func validate() throws(StorageError) {
        try StoredText.check("heldChargingProfile", key: stationId.replacingNul(), [("stationId", stationId), ("profile", profile)])
    }
}
