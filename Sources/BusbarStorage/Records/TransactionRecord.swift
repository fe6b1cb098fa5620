import Foundation

/// The current state of one transaction, folded from its TransactionEvent messages.
public struct TransactionRecord: Codable, Sendable, Hashable {
    /// OCPP 2.0.1 TransactionType.transactionId is at most 36 characters.
    public static let maxTransactionIdLength = 36

    /// The station that runs the transaction; with `transactionId`, the key.
    public var stationId: String
    /// Chosen by the station; unique only per station.
    public var transactionId: String
    /// The EVSE, once a message named it.
    public var evseId: Int?
    /// The connector, once a message named it.
    public var connectorId: Int?
    /// The token that authorised it, once a message named it.
    public var idToken: String?
    /// The IdTokenEnumType of `idToken`.
    public var idTokenType: String?
    /// The id of the RequestStartTransaction that started it, if any.
    public var remoteStartId: Int?
    /// The earliest event timestamp seen (the Started event's, once it arrived).
    public var startedAt: Date
    /// The Ended event's timestamp.
    public var endedAt: Date?
    /// ReasonEnumType string from the Ended event.
    public var stoppedReason: String?
    /// ChargingStateEnumType string last reported.
    public var chargingState: String?
    /// The highest seqNo stored for it.
    public var lastSeqNo: Int
    /// How many distinct events are stored; equals `lastSeqNo + 1` when none is missing.
    public var eventCount: Int
    /// False once the Ended event has been stored.
    public var isActive: Bool
    /// Stamped by the store on every event.
    public var updatedAt: Date

    /// Makes a transaction record; the store builds these from events, tests and importers may too.
    public init(
        stationId: String,
        transactionId: String,
        evseId: Int? = nil,
        connectorId: Int? = nil,
        idToken: String? = nil,
        idTokenType: String? = nil,
        remoteStartId: Int? = nil,
        startedAt: Date,
        endedAt: Date? = nil,
        stoppedReason: String? = nil,
        chargingState: String? = nil,
        lastSeqNo: Int = 0,
        eventCount: Int = 0,
        isActive: Bool = true,
        updatedAt: Date = Date()
    ) {
        self.stationId = stationId
        self.transactionId = transactionId
        self.evseId = evseId
        self.connectorId = connectorId
        self.idToken = idToken
        self.idTokenType = idTokenType
        self.remoteStartId = remoteStartId
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.stoppedReason = stoppedReason
        self.chargingState = chargingState
        self.lastSeqNo = lastSeqNo
        self.eventCount = eventCount
        self.isActive = isActive
        self.updatedAt = updatedAt
    }
}
