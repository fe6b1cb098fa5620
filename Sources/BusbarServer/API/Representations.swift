import BusbarStorage
import Foundation
import OCPP

/// How storage records appear in the operator API: camelCase members, RFC 3339 dates, never a
/// password hash.
enum Representations {
    static func date(_ date: Date?) -> JSONValue {
        date.map { .string(OCPPDateTime.format($0)) } ?? .null
    }

    static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    static func optional(_ number: Int?) -> JSONValue { number.map { .number(Double($0)) } ?? .null }

    static func station(_ station: StationRecord, connected: Bool, connectors: [ConnectorStatusRecord]? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(station.id),
            "securityProfile": .number(Double(station.securityProfile)),
            "bootStatus": .string(station.bootPolicy.rawValue),
            "hasPassword": .bool(station.passwordHash != nil),
            "connected": .bool(connected),
            "registrationStatus": optional(station.lastRegistrationStatus),
            "boot": .object([
                "vendorName": optional(station.vendorName),
                "model": optional(station.model),
                "serialNumber": optional(station.serialNumber),
                "firmwareVersion": optional(station.firmwareVersion),
                "iccid": optional(station.iccid),
                "imsi": optional(station.imsi),
                "reason": optional(station.lastBootReason),
                "at": date(station.lastBootAt),
            ]),
            "createdAt": date(station.createdAt),
            "updatedAt": date(station.updatedAt),
            "decommissionedAt": date(station.decommissionedAt),
        ]
        if let connectors {
            var evses: [Int: [JSONValue]] = [:]
            for connector in connectors {
                evses[connector.evseId, default: []].append(
                    .object([
                        "connectorId": .number(Double(connector.connectorId)),
                        "status": .string(connector.status),
                        "since": date(connector.timestamp),
                    ]))
            }
            object["evses"] = .array(
                evses.keys.sorted().map { id in
                    .object(["id": .number(Double(id)), "connectors": .array(evses[id] ?? [])])
                })
        }
        return .object(object)
    }

    static func idToken(_ token: IdTokenRecord) -> JSONValue {
        .object([
            "idToken": .string(token.idToken),
            "type": .string(token.type),
            "status": .string(token.status),
            "expiresAt": date(token.expiresAt),
            "groupId": optional(token.groupId),
            "createdAt": date(token.createdAt),
            "updatedAt": date(token.updatedAt),
        ])
    }

    static func transaction(_ transaction: TransactionRecord) -> JSONValue {
        .object([
            "stationId": .string(transaction.stationId),
            "transactionId": .string(transaction.transactionId),
            "evseId": optional(transaction.evseId),
            "connectorId": optional(transaction.connectorId),
            "idToken": optional(transaction.idToken),
            "idTokenType": optional(transaction.idTokenType),
            "remoteStartId": optional(transaction.remoteStartId),
            "startedAt": date(transaction.startedAt),
            "endedAt": date(transaction.endedAt),
            "stoppedReason": optional(transaction.stoppedReason),
            "chargingState": optional(transaction.chargingState),
            "lastSeqNo": .number(Double(transaction.lastSeqNo)),
            "eventCount": .number(Double(transaction.eventCount)),
            "active": .bool(transaction.isActive),
            "updatedAt": date(transaction.updatedAt),
        ])
    }

    static func meterValue(_ value: MeterValueRecord) -> JSONValue {
        .object([
            "timestamp": date(value.timestamp),
            "measurand": .string(value.measurand),
            "phase": optional(value.phase),
            "unit": optional(value.unit),
            "context": optional(value.context),
            "location": optional(value.location),
            "value": .number(value.value),
            "multiplier": .number(Double(value.multiplier)),
            "evseId": optional(value.evseId),
        ])
    }

    /// A transaction with every TransactionEvent as received (its full payload under `request`)
    /// and the meter values stored from it.
    static func transactionDetail(_ transaction: TransactionRecord, events: [TransactionEventRecord], meterValues: [MeterValueRecord])
        -> JSONValue
    {
        guard case .object(var object) = self.transaction(transaction) else { return .null }
        object["events"] = .array(
            events.map { event in
                .object([
                    "seqNo": .number(Double(event.seqNo)),
                    "eventType": .string(event.eventType.rawValue),
                    "timestamp": date(event.timestamp),
                    "triggerReason": .string(event.triggerReason),
                    "offline": .bool(event.offline),
                    "receivedAt": date(event.receivedAt),
                    "request": (try? JSONValue(parsing: event.payload)) ?? .null,
                ])
            })
        object["meterValues"] = .array(meterValues.map(meterValue))
        return .object(object)
    }
}
