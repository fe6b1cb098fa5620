import OCPP

/// Default answers to CSMS calls for stations that keep no state of their own (the bench's lean
/// stations): same answers as the simulator, follow-up work skipped.
public struct StatelessCSMSResponder: Sendable {
    private let model: DeviceModel
    private let layout: EVSELayout

    /// Creates a responder whose device model matches `configuration`.
    public init(configuration: SimulatorConfiguration) {
        self.model = DeviceModel.standard(for: configuration)
        self.layout = configuration.layout
    }

    /// The reply frame for one CSMS CALL, or nil when the station stays silent.
    public func replyFrame(to call: RPCCall) -> String? {
        if call.action == "SetChargingProfile" {
            // It keeps no transactions to check a TxProfile against: it takes every profile.
            return RPCMessage.callResult(RPCCallResult(messageId: call.messageId, payload: ["status": "Accepted"])).serialized()
        }
        var scratch = model
        let outcome = DefaultCSMSResponder.respond(
            to: call, model: &scratch,
            station: StationSnapshot(layout: layout, transactions: [:], localListVersion: 0, chargingProfiles: InstalledChargingProfiles()))
        switch outcome.reply {
        case .result(let payload):
            return RPCMessage.callResult(RPCCallResult(messageId: call.messageId, payload: payload)).serialized()
        case .error(let code, let description, let details):
            return RPCMessage.callError(
                RPCCallError(
                    messageId: call.messageId, errorCode: code, errorDescription: description, errorDetails: details)
            ).serialized()
        case .raw(let text):
            return text
        case .noReply:
            return nil
        }
    }
}
