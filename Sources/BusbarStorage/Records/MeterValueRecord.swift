import Foundation

/// One sampled value (SampledValueType) from a MeterValues or TransactionEvent message, one row
/// per value so energy and power can be queried without parsing JSON.
public struct MeterValueRecord: Codable, Sendable, Hashable {
    /// Assigned by the store.
    public var id: Int64?
    /// The station that measured.
    public var stationId: String
    /// Set when the value came in a TransactionEvent.
    public var transactionId: String?
    /// The EVSE measured; nil or 0 means the whole station (main meter).
    public var evseId: Int?
    /// MeterValueType.timestamp.
    public var timestamp: Date
    /// MeasurandEnumType string; OCPP's default is Energy.Active.Import.Register.
    public var measurand: String
    /// PhaseEnumType string.
    public var phase: String?
    /// unitOfMeasure.unit, after the domain layer applied the multiplier.
    public var unit: String?
    /// ReadingContextEnumType string.
    public var context: String?
    /// LocationEnumType string.
    public var location: String?
    /// The value, in `unit`.
    public var value: Double
    /// signedMeterValue as JSON, kept for billing audits.
    public var signedData: String?

    /// Makes a meter value; `measurand` defaults as OCPP does.
    public init(
        stationId: String,
        transactionId: String? = nil,
        evseId: Int? = nil,
        timestamp: Date,
        measurand: String = "Energy.Active.Import.Register",
        phase: String? = nil,
        unit: String? = nil,
        context: String? = nil,
        location: String? = nil,
        value: Double,
        signedData: String? = nil
    ) {
        self.stationId = stationId
        self.transactionId = transactionId
        self.evseId = evseId
        self.timestamp = timestamp
        self.measurand = measurand
        self.phase = phase
        self.unit = unit
        self.context = context
        self.location = location
        self.value = value
        self.signedData = signedData
    }
}
