import OCPP

/// A transaction the simulated station started; pass it back to `sendMeterValues` and `stopTransaction`.
public struct TransactionHandle: Sendable, Hashable {
    /// The station-generated transactionId (a UUID, within `identifierString[36]`).
    public var transactionId: String
    /// The EVSE it runs on.
    public var evseId: Int
    /// The connector it runs on.
    public var connectorId: Int
    /// The idToken that authorized it, if any.
    public var idToken: String?
    /// The remoteStartId when it came from RequestStartTransaction.
    public var remoteStartId: Int?
    /// The CSMS's answer to TransactionEvent Started (carries idTokenInfo).
    public var startedResponse: TransactionEventResponse?
}
