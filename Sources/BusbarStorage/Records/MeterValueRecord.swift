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
    /// unitOfMeasure.unit as received (OCPP's default is Wh).
    public var unit: String?
    /// ReadingContextEnumType string.
    public var context: String?
    /// LocationEnumType string.
    public var location: String?
    /// SampledValueType.value exactly as received; the reading is `value` × 10^`multiplier` `unit`.
    /// Kept apart from the multiplier because applying it could overflow to infinity (1e308 with
    /// multiplier 9) or underflow to 0 (4.9e-324 with -9) — and meter values are billing data.
    public var value: Double
    /// unitOfMeasure.multiplier as received (0 when absent, as OCPP defaults it). Rows written
    /// before migration v5 hold the multiplied value and 0 here, which reads the same.
    public var multiplier: Int
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
        multiplier: Int = 0,
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
        self.multiplier = multiplier
        self.signedData = signedData
    }

    /// Refuses text with U+0000 (see `StoredText`). The rows are bound with their length
    /// (`DirectBinding`) but read through GRDB, which would end such text early.
    static func checkText(_ values: [MeterValueRecord]) throws(StorageError) {
        for value in values
        where !StoredText.allStorable(
            value.stationId, value.transactionId, value.measurand, value.phase, value.unit, value.context, value.location,
            value.signedData)
        {
            try StoredText.check(
                "meter value", key: "\(value.stationId)/\(value.transactionId ?? "-")",
                [
                    ("stationId", value.stationId), ("transactionId", value.transactionId), ("measurand", value.measurand),
                    ("phase", value.phase), ("unit", value.unit), ("context", value.context), ("location", value.location),
                    ("signedData", value.signedData),
                ])
        }
    }

    /// The reading in `unit` (`value` × 10^`multiplier`) for arithmetic such as energy totals;
    /// infinite or 0 where a double cannot hold it, which is why the store keeps both parts.
    public var scaledValue: Double {
        multiplier == 0 ? value : value * pow(10, Double(multiplier))
    }
}
