import Foundation
import GRDB

extension StationRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "station"
}

extension ConnectorStatusRecord: SQLiteRow, PersistableRecord {
    /// The table of current statuses; history rows share the columns in `connectorStatusHistory`.
    public static let databaseTableName = "connectorStatus"
}

extension SQLiteStore: StationStore {
    public func createStation(_ station: StationRecord) async throws(StorageError) -> StationRecord {
        try station.validate()
        var stored = station
        stored.createdAt = Self.now()
        stored.updatedAt = stored.createdAt
        return try await write("station", key: station.id) { [stored] db in
            if let existing = try StationRecord.fetchOne(db, key: stored.id) {
                throw StorageError.conflict(
                    "station", key: stored.id,
                    hint: existing.isDecommissioned
                        ? "it is decommissioned: recommission it, or purge its data first" : "update it instead, or delete it first")
            }
            try stored.insert(db)
            return stored
        }
    }

    public func station(id: String) async throws(StorageError) -> StationRecord? {
        // Text with U+0000 is never stored (StoredText); binding it would match its prefix.
        guard StoredText.isStorable(id) else { return nil }
        return try await read("station", key: id) { db in try StationRecord.fetchOne(db, key: id) }
    }

    public func stations() async throws(StorageError) -> [StationRecord] {
        try await read("station", key: "*") { db in
            try StationRecord.order(Column("id")).fetchAll(db)
        }
    }

    public func updateStation(
        id: String, _ mutate: @escaping @Sendable (inout StationRecord) -> Void
    ) async throws(StorageError) -> StationRecord {
        let now = Self.now()
        return try await write("station", key: id) { db in
            guard StoredText.isStorable(id), var station = try StationRecord.fetchOne(db, key: id) else {
                throw StorageError.notFound("station", key: id.replacingNul(), hint: "create it first")
            }
            if station.isDecommissioned {
                throw StorageError.conflict(
                    "decommissioned station", key: id, hint: "re-add it to put it back in service before changing it")
            }
            mutate(&station)
            station.id = id
            station.updatedAt = now
            try station.validate()
            try station.update(db)
            return station
        }
    }

    public func decommissionStation(id: String) async throws(StorageError) -> StationRecord {
        let now = Self.now()
        return try await write("station", key: id) { db in
            guard StoredText.isStorable(id), var station = try StationRecord.fetchOne(db, key: id) else {
                throw StorageError.notFound("station", key: id.replacingNul())
            }
            if station.isDecommissioned {
                throw StorageError.conflict("station", key: id, hint: "it is already decommissioned")
            }
            station.decommissionedAt = now
            station.updatedAt = now
            try station.update(db)
            return station
        }
    }

    public func recommissionStation(_ station: StationRecord) async throws(StorageError) -> StationRecord {
        try station.validate()
        let now = Self.now()
        return try await write("station", key: station.id) { db in
            guard var stored = try StationRecord.fetchOne(db, key: station.id) else {
                throw StorageError.notFound("station", key: station.id, hint: "create it instead")
            }
            guard stored.isDecommissioned else {
                throw StorageError.conflict("station", key: station.id, hint: "it is in service; update it instead")
            }
            stored.passwordHash = station.passwordHash
            stored.securityProfile = station.securityProfile
            stored.bootPolicy = station.bootPolicy
            stored.decommissionedAt = nil
            stored.updatedAt = now
            try stored.update(db)
            return stored
        }
    }

    public func deleteStation(id: String) async throws(StorageError) {
        guard StoredText.isStorable(id) else { throw StorageError.notFound("station", key: id.replacingNul()) }
        try await write("station", key: id) { db in
            // Meter values have no foreign key (v3 migration): a transaction's are found through
            // its events' id ranges, so they go before the events cascade away with the station.
            try db.execute(
                sql: """
                    DELETE FROM meterValue WHERE id IN (
                        SELECT meterValue.id FROM transactionEvent
                        JOIN meterValue ON meterValue.id >= transactionEvent.firstMeterValueId
                            AND meterValue.id < transactionEvent.firstMeterValueId + transactionEvent.meterValueCount
                        WHERE transactionEvent.stationId = ?)
                    """,
                arguments: [id])
            try db.execute(sql: "DELETE FROM meterValue WHERE stationId = ? AND transactionId IS NULL", arguments: [id])
            guard try StationRecord.deleteOne(db, key: id) else {
                throw StorageError.notFound("station", key: id)
            }
        }
        // Foreign keys cascade to every other table in this file; the frame log is in its own.
        try await deleteFrames(stationId: id)
    }

    public func recordBoot(
        stationId: String, info: BootInfo, reason: String, status: String, at: Date
    ) async throws(StorageError) -> StationRecord {
        let now = Self.now()
        return try await write("station", key: stationId) { db in
            guard var station = try StationRecord.fetchOne(db, key: stationId) else {
                throw StorageError.notFound("station", key: stationId, hint: "provision it before it boots")
            }
            station.vendorName = info.vendorName
            station.model = info.model
            station.serialNumber = info.serialNumber
            station.firmwareVersion = info.firmwareVersion
            station.iccid = info.iccid
            station.imsi = info.imsi
            station.lastBootAt = at
            station.lastBootReason = reason
            station.lastRegistrationStatus = status
            station.updatedAt = now
            try station.validate()
            try station.update(db)
            return station
        }
    }

    public func recordConnectorStatus(_ status: ConnectorStatusRecord) async throws(StorageError) {
        if !StoredText.allStorable(status.stationId, status.status) {
            try StoredText.check(
                "connector status", key: status.stationId, [("stationId", status.stationId), ("status", status.status)])
        }
        try await write("connector status", key: "\(status.stationId)/\(status.evseId)/\(status.connectorId)") { db in
            let arguments: StatementArguments = [
                status.stationId, status.evseId, status.connectorId, status.status, status.timestamp.millisecondsSince1970,
            ]
            try db.cachedStatement(
                sql: "INSERT INTO connectorStatusHistory (stationId, evseId, connectorId, status, timestamp) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: arguments)
            // A late report (older timestamp) goes to history without overwriting a newer current status.
            try db.cachedStatement(
                sql: """
                    INSERT INTO connectorStatus (stationId, evseId, connectorId, status, timestamp) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (stationId, evseId, connectorId) DO UPDATE
                    SET status = excluded.status, timestamp = excluded.timestamp
                    WHERE excluded.timestamp >= connectorStatus.timestamp
                    """
            ).execute(arguments: arguments)
        }
    }

    public func connectorStatuses(stationId: String) async throws(StorageError) -> [ConnectorStatusRecord] {
        guard StoredText.isStorable(stationId) else { return [] }
        return try await read("connector status", key: stationId) { db in
            try ConnectorStatusRecord
                .filter(Column("stationId") == stationId)
                .order(Column("evseId"), Column("connectorId"))
                .fetchAll(db)
        }
    }

    public func connectorStatusHistory(
        stationId: String, limit: Int
    ) async throws(StorageError) -> [ConnectorStatusRecord] {
        guard StoredText.isStorable(stationId) else { return [] }
        return try await read("connector status", key: stationId) { db in
            try SQLRequest<ConnectorStatusRecord>(
                literal: """
                    SELECT stationId, evseId, connectorId, status, timestamp FROM connectorStatusHistory
                    WHERE stationId = \(stationId) ORDER BY timestamp DESC, id DESC LIMIT \(limit)
                    """
            ).fetchAll(db)
        }
    }
}
