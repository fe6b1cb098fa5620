import Foundation
import GRDB

extension DeviceModelVariableRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "deviceModelVariable"
}

extension ReportPartRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "reportPart"
}

extension SQLiteStore: DeviceModelStore {
    public func storeReportPart(
        _ part: ReportPartRecord, variables: [DeviceModelVariableRecord]
    ) async throws(StorageError) -> ReportStatus {
        let key = "\(part.stationId)/\(part.requestId)#\(part.seqNo)"
        if variables.contains(where: { $0.stationId != part.stationId }) {
            throw .invalid(
                "report part", key: key, field: "variables", reason: "must all name station '\(part.stationId)'")
        }
        for variable in variables {
            try StoredText.check(
                "report part", key: key,
                [
                    ("componentName", variable.componentName), ("componentInstance", variable.componentInstance),
                    ("variableName", variable.variableName), ("variableInstance", variable.variableInstance),
                    ("attributeType", variable.attributeType), ("value", variable.value), ("mutability", variable.mutability),
                    ("characteristics", variable.characteristics),
                ])
        }
        var stored = part
        stored.variableCount = variables.count
        stored.receivedAt = Self.now()
        return try await write("report part", key: key) { [stored] db in
            try stored.upsert(db)
            for variable in variables {
                var variable = variable
                variable.updatedAt = stored.receivedAt
                try Self.upsert(variable, db)
            }
            // The part exists now, so the status cannot be nil.
            return try Self.reportStatus(stationId: part.stationId, requestId: part.requestId, db)!
        }
    }

    public func reportStatus(stationId: String, requestId: Int) async throws(StorageError) -> ReportStatus? {
        guard StoredText.isStorable(stationId) else { return nil }
        return try await read("report", key: "\(stationId)/\(requestId)") { db in
            try Self.reportStatus(stationId: stationId, requestId: requestId, db)
        }
    }

    public func deviceModel(stationId: String) async throws(StorageError) -> [DeviceModelVariableRecord] {
        guard StoredText.isStorable(stationId) else { return [] }
        return try await read("device model", key: stationId) { db in
            try DeviceModelVariableRecord.filter(Column("stationId") == stationId)
                .order(
                    Column("componentName"), Column("componentInstance"), Column("evseId"), Column("connectorId"),
                    Column("variableName"), Column("variableInstance"), Column("attributeType")
                )
                .fetchAll(db)
        }
    }

    private static func upsert(_ v: DeviceModelVariableRecord, _ db: Database) throws {
        // The conflict target repeats the expressions of the deviceModelVariableKey index.
        try db.cachedStatement(
            literal: """
                INSERT INTO deviceModelVariable (
                    stationId, componentName, componentInstance, evseId, connectorId,
                    variableName, variableInstance, attributeType, value, mutability, characteristics, updatedAt)
                VALUES (
                    \(v.stationId), \(v.componentName), \(v.componentInstance), \(v.evseId), \(v.connectorId),
                    \(v.variableName), \(v.variableInstance), \(v.attributeType), \(v.value), \(v.mutability),
                    \(v.characteristics), \(v.updatedAt.millisecondsSince1970))
                ON CONFLICT (
                    stationId, componentName, ifnull(componentInstance, ''), ifnull(evseId, -1),
                    ifnull(connectorId, -1), variableName, ifnull(variableInstance, ''), attributeType)
                DO UPDATE SET value = excluded.value, mutability = excluded.mutability,
                    characteristics = excluded.characteristics, updatedAt = excluded.updatedAt
                """
        ).execute()
    }

    /// Caps the missing-part list, so a station numbering parts oddly cannot make answers huge.
    static let maxReportedMissingParts = 100

    private static func reportStatus(stationId: String, requestId: Int, _ db: Database) throws -> ReportStatus? {
        let parts =
            try ReportPartRecord
            .filter(Column("stationId") == stationId && Column("requestId") == requestId)
            .order(Column("seqNo")).fetchAll(db)
        guard let last = parts.last else { return nil }
        let received = parts.map(\.seqNo)
        let present = Set(received)
        return ReportStatus(
            stationId: stationId,
            requestId: requestId,
            receivedSeqNos: received,
            finalSeqNo: parts.first(where: { !$0.tbc })?.seqNo,
            missingSeqNos: Array(
                (0..<last.seqNo).lazy.filter { !present.contains($0) }.prefix(Self.maxReportedMissingParts)),
            variableCount: parts.reduce(0) { $0 + $1.variableCount })
    }
}
