/// What a TransactionEvent says about its transaction beyond the event itself; `nil` keeps the
/// stored value, because later events often omit what earlier ones said.
public struct TransactionUpdate: Sendable, Hashable {
    /// evse.id.
    public var evseId: Int?
    /// evse.connectorId.
    public var connectorId: Int?
    /// idToken.idToken.
    public var idToken: String?
    /// idToken.type.
    public var idTokenType: String?
    /// transactionInfo.remoteStartId.
    public var remoteStartId: Int?
    /// transactionInfo.chargingState.
    public var chargingState: String?
    /// transactionInfo.stoppedReason; OCPP sends it on the Ended event.
    public var stoppedReason: String?

    /// Makes an update; leave out what the message did not carry.
    public init(
        evseId: Int? = nil,
        connectorId: Int? = nil,
        idToken: String? = nil,
        idTokenType: String? = nil,
        remoteStartId: Int? = nil,
        chargingState: String? = nil,
        stoppedReason: String? = nil
    ) {
        self.evseId = evseId
        self.connectorId = connectorId
        self.idToken = idToken
        self.idTokenType = idTokenType
        self.remoteStartId = remoteStartId
        self.chargingState = chargingState
        self.stoppedReason = stoppedReason
    }
}
