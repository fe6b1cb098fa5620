import BusbarStorage
import Foundation
import OCPP

extension Representations {
    /// A limit signal as the API shows it, with its state at `now` so a caller need not compare
    /// dates: scheduled, active, ended or withdrawn.
    static func limitSignal(_ signal: LimitSignalRecord, now: Date) -> JSONValue {
        let status: String
        if signal.withdrawnAt != nil {
            status = "withdrawn"
        } else if now < signal.startsAt {
            status = "scheduled"
        } else if now < signal.endsAt {
            status = "active"
        } else {
            status = "ended"
        }
        return .object([
            "limitId": .string(signal.id),
            "siteId": .string(signal.siteId),
            "node": .string(signal.nodeId),
            "start": date(signal.startsAt),
            "end": date(signal.endsAt),
            "importLimitKW": signal.importLimitKW.map { .number($0) } ?? .null,
            "importLimitA": signal.importLimitA.map { .array($0.map { .number($0) }) } ?? .null,
            "exportLimitKW": signal.exportLimitKW.map { .number($0) } ?? .null,
            "source": .string(signal.source),
            "id": optional(signal.externalId),
            "status": .string(status),
            "createdAt": date(signal.createdAt),
            "createdBy": optional(signal.createdByKeyId),
            "withdrawnAt": date(signal.withdrawnAt),
            "withdrawnBy": optional(signal.withdrawnByKeyId),
        ])
    }
}
