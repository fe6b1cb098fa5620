/// What a station says about itself in BootNotification (ChargingStationType), kept on its record.
public struct BootInfo: Codable, Sendable, Hashable {
    /// Required by OCPP; identifies the manufacturer.
    public var vendorName: String
    /// Required by OCPP; identifies the product.
    public var model: String
    /// Optional serial number, useful to tell apart identical models.
    public var serialNumber: String?
    /// Optional firmware version, to follow firmware updates.
    public var firmwareVersion: String?
    /// Optional SIM card ICCID of the station's modem.
    public var iccid: String?
    /// Optional IMSI of the station's modem.
    public var imsi: String?

    /// Makes boot information; only vendor and model are required, as in OCPP.
    public init(
        vendorName: String,
        model: String,
        serialNumber: String? = nil,
        firmwareVersion: String? = nil,
        iccid: String? = nil,
        imsi: String? = nil
    ) {
        self.vendorName = vendorName
        self.model = model
        self.serialNumber = serialNumber
        self.firmwareVersion = firmwareVersion
        self.iccid = iccid
        self.imsi = imsi
    }
}
