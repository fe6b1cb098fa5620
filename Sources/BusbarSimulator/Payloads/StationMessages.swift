import Foundation
import OCPP

/// Builders for the payloads a station sends, as `JSONValue`, shared by the simulator and the bench.
///
/// Built as JSON rather than typed structs so the bench pays no Codable cost per message and the
/// shapes stay obvious next to the schema names they follow.
public enum StationMessages {
    /// The current time in OCPP's format (RFC 3339, UTC, milliseconds).
    public static func now() -> String { OCPPDateTime.format(Date()) }

    /// BootNotificationRequest.
    public static func bootNotification(
        vendorName: String, model: String, serialNumber: String?, firmwareVersion: String?, reason: String = "PowerUp"
    ) -> JSONValue {
        var station: [String: JSONValue] = ["vendorName": .string(vendorName), "model": .string(model)]
        if let serialNumber { station["serialNumber"] = .string(serialNumber) }
        if let firmwareVersion { station["firmwareVersion"] = .string(firmwareVersion) }
        return ["chargingStation": .object(station), "reason": .string(reason)]
    }

    /// HeartbeatRequest (an empty object).
    public static func heartbeat() -> JSONValue { .object([:]) }

    /// StatusNotificationRequest.
    public static func statusNotification(evseId: Int, connectorId: Int, status: String, timestamp: String = now()) -> JSONValue {
        [
            "timestamp": .string(timestamp),
            "connectorStatus": .string(status),
            "evseId": .number(Double(evseId)),
            "connectorId": .number(Double(connectorId)),
        ]
    }

    /// IdTokenType.
    public static func idToken(_ idToken: String, type: String) -> JSONValue {
        ["idToken": .string(idToken), "type": .string(type)]
    }

    /// AuthorizeRequest.
    public static func authorize(idToken: String, type: String) -> JSONValue {
        ["idToken": Self.idToken(idToken, type: type)]
    }

    /// MeterValuesRequest.
    public static func meterValues(evseId: Int, meterValue: JSONValue) -> JSONValue {
        ["evseId": .number(Double(evseId)), "meterValue": [meterValue]]
    }

    /// TransactionEventRequest; optional parts are left out when nil.
    public static func transactionEvent(
        eventType: String,
        triggerReason: String,
        seqNo: Int,
        transactionId: String,
        chargingState: String? = nil,
        stoppedReason: String? = nil,
        remoteStartId: Int? = nil,
        timeSpentCharging: Int? = nil,
        evseId: Int? = nil,
        connectorId: Int? = nil,
        idToken: JSONValue? = nil,
        meterValues: [JSONValue] = [],
        timestamp: String = now()
    ) -> JSONValue {
        var info: [String: JSONValue] = ["transactionId": .string(transactionId)]
        if let chargingState { info["chargingState"] = .string(chargingState) }
        if let stoppedReason { info["stoppedReason"] = .string(stoppedReason) }
        if let remoteStartId { info["remoteStartId"] = .number(Double(remoteStartId)) }
        if let timeSpentCharging { info["timeSpentCharging"] = .number(Double(timeSpentCharging)) }
        var fields: [String: JSONValue] = [
            "eventType": .string(eventType),
            "timestamp": .string(timestamp),
            "triggerReason": .string(triggerReason),
            "seqNo": .number(Double(seqNo)),
            "transactionInfo": .object(info),
        ]
        if let evseId {
            var evse: [String: JSONValue] = ["id": .number(Double(evseId))]
            if let connectorId { evse["connectorId"] = .number(Double(connectorId)) }
            fields["evse"] = .object(evse)
        }
        if let idToken { fields["idToken"] = idToken }
        if !meterValues.isEmpty { fields["meterValue"] = .array(meterValues) }
        return .object(fields)
    }

    /// A transaction id: a UUID, which fits `identifierString[36]`.
    public static func newTransactionId() -> String { UUID().uuidString.lowercased() }

    /// A message id: a UUID, exactly 36 characters, the OCPP-J maximum.
    public static func newMessageId() -> String { UUID().uuidString.lowercased() }

    /// The CALL frame text for an action and payload.
    public static func callFrame(messageId: String, action: String, payload: JSONValue) -> String {
        RPCMessage.call(RPCCall(messageId: messageId, action: action, payload: payload)).serialized()
    }
}
