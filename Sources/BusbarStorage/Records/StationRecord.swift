import Foundation

/// One charging station the CSMS admits: how it authenticates, what it is answered at boot,
/// and what it last said about itself.
public struct StationRecord: Codable, Sendable, Hashable, Identifiable {
    /// OCPP 2.0.1 limits the station identity (the last path segment of the URL) to 48 characters.
    public static let maxIdLength = 48

    /// The station identity, as in the WebSocket URL; primary key.
    public var id: String
    /// Opaque hash of the Basic-auth password (security profiles 1 and 2), made by the domain layer.
    public var passwordHash: String?
    /// OCPP security profile 1…3 the station must connect with.
    public var securityProfile: Int
    /// The status the CSMS answers BootNotification with.
    public var bootPolicy: BootPolicy
    /// The registration status last sent to the station, as an OCPP string.
    public var lastRegistrationStatus: String?
    /// From the last BootNotification.
    public var vendorName: String?
    /// From the last BootNotification.
    public var model: String?
    /// From the last BootNotification.
    public var serialNumber: String?
    /// From the last BootNotification.
    public var firmwareVersion: String?
    /// From the last BootNotification.
    public var iccid: String?
    /// From the last BootNotification.
    public var imsi: String?
    /// When the last BootNotification arrived.
    public var lastBootAt: Date?
    /// The BootReasonEnumType string of the last BootNotification.
    public var lastBootReason: String?
    /// Stamped by the store when the station is created.
    public var createdAt: Date
    /// Stamped by the store on every change.
    public var updatedAt: Date
    /// When the operator took the station out of service; nil while in service. A decommissioned
    /// station cannot connect, but its row stays so its transactions and events stay readable.
    public var decommissionedAt: Date?

    /// True once the station was taken out of service.
    public var isDecommissioned: Bool { decommissionedAt != nil }

    /// Makes a station that has not booted yet; the store stamps both dates when it creates it.
    public init(
        id: String,
        passwordHash: String? = nil,
        securityProfile: Int = 1,
        bootPolicy: BootPolicy = .accepted,
        createdAt: Date = Date(),
        updatedAt: Date = Date()
    ) {
        self.id = id
        self.passwordHash = passwordHash
        self.securityProfile = securityProfile
        self.bootPolicy = bootPolicy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The security profiles OCPP 2.0.1 defines (Part 2, A00.FR).
    public static let securityProfiles = 1...3

    func validate() throws(StorageError) {
        if id.isEmpty || id.count > Self.maxIdLength {
            throw .invalid("station", key: id, field: "id", reason: "must be 1…\(Self.maxIdLength) characters")
        }
        try StoredText.check(
            "station", key: id,
            [
                ("id", id), ("passwordHash", passwordHash), ("lastRegistrationStatus", lastRegistrationStatus),
                ("vendorName", vendorName), ("model", model), ("serialNumber", serialNumber),
                ("firmwareVersion", firmwareVersion), ("iccid", iccid), ("imsi", imsi), ("lastBootReason", lastBootReason),
            ])
        if !Self.securityProfiles.contains(securityProfile) {
            throw .invalid(
                "station", key: id, field: "securityProfile",
                reason: "is \(securityProfile); it must be 1, 2 or 3")
        }
    }
}
