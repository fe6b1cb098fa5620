import GRDB

/// The database schema as named, append-only migrations: a shipped migration is never edited,
/// a change is a new one (`v2-…`), so every existing file can be brought forward.
/// Dates are INTEGER milliseconds since 1970 (see `SQLiteRow`); in the sqlite3 shell,
/// `datetime(at / 1000, 'unixepoch')` shows one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial", migrate: createInitialTables)
        // The frame log moved to its own file (`FrameLogSchema`), off the acknowledged-write path.
        migrator.registerMigration("v2-frame-log-own-file") { db in
            try db.drop(table: "frameLog")
        }
        migrator.registerMigration("v3-meter-values-by-event", migrate: findMeterValuesThroughTheirEvent)
        migrator.registerMigration("v4-api-keys", migrate: createAPIKeyTable)
        migrator.registerMigration("v5-meter-value-exact", migrate: keepMeterValueMultipliersApart)
        migrator.registerMigration("v6-station-decommission", migrate: decommissionStationsInsteadOfDeleting)
        migrator.registerMigration("v7-energy-limits-and-sites", migrate: createEnergyTables)
        migrator.registerMigration("v8-energy-plans", migrate: createEnergyPlanTable)
        migrator.registerMigration("v9-manual-charging-profiles", migrate: createManualChargingProfileTable)
        migrator.registerMigration("v10-held-charging-profiles", migrate: createHeldChargingProfileTable)
        return migrator
    }

    private static func createInitialTables(_ db: Database) throws {
        try createStationTables(db)
        try createIdTokenTable(db)
        try createTransactionTables(db)
        try createStationEventTables(db)
        try createDeviceModelTables(db)
        try createFrameLogTable(db)
    }

    private static func createStationTables(_ db: Database) throws {
        try db.create(table: "station") { t in
            t.primaryKey("id", .text).check { length($0) <= StationRecord.maxIdLength }
            t.column("passwordHash", .text)
            t.column("securityProfile", .integer).notNull().check { $0 >= 1 && $0 <= 3 }
            t.column("bootPolicy", .text).notNull().check { ["Accepted", "Pending", "Rejected"].contains($0) }
            t.column("lastRegistrationStatus", .text)
            t.column("vendorName", .text)
            t.column("model", .text)
            t.column("serialNumber", .text)
            t.column("firmwareVersion", .text)
            t.column("iccid", .text)
            t.column("imsi", .text)
            t.column("lastBootAt", .integer)
            t.column("lastBootReason", .text)
            t.column("createdAt", .integer).notNull()
            t.column("updatedAt", .integer).notNull()
        }
        try db.create(table: "connectorStatus") { t in
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("evseId", .integer).notNull()
            t.column("connectorId", .integer).notNull()
            t.column("status", .text).notNull()
            t.column("timestamp", .integer).notNull()
            t.primaryKey(["stationId", "evseId", "connectorId"])
        }
        try db.create(table: "connectorStatusHistory") { t in
            t.primaryKey("id", .integer)
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("evseId", .integer).notNull()
            t.column("connectorId", .integer).notNull()
            t.column("status", .text).notNull()
            t.column("timestamp", .integer).notNull()
        }
        try db.create(
            index: "connectorStatusHistoryByStation", on: "connectorStatusHistory", columns: ["stationId", "timestamp"])
    }

    private static func createIdTokenTable(_ db: Database) throws {
        try db.create(table: "idToken") { t in
            // OCPP: "IdToken is case insensitive", so the key compares without case.
            t.column("idToken", .text).notNull().collate(.nocase).check { length($0) <= IdTokenRecord.maxTokenLength }
            t.column("type", .text).notNull()
            t.column("status", .text).notNull()
            t.column("expiresAt", .integer)
            t.column("groupId", .text)
            t.column("createdAt", .integer).notNull()
            t.column("updatedAt", .integer).notNull()
            t.primaryKey(["idToken", "type"])
        }
    }

    private static func createTransactionTables(_ db: Database) throws {
        try db.create(table: "chargingTransaction") { t in
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("transactionId", .text).notNull()
                .check { length($0) <= TransactionRecord.maxTransactionIdLength }
            t.column("evseId", .integer)
            t.column("connectorId", .integer)
            t.column("idToken", .text)
            t.column("idTokenType", .text)
            t.column("remoteStartId", .integer)
            t.column("startedAt", .integer).notNull()
            t.column("endedAt", .integer)
            t.column("stoppedReason", .text)
            t.column("chargingState", .text)
            t.column("lastSeqNo", .integer).notNull()
            t.column("eventCount", .integer).notNull()
            t.column("isActive", .boolean).notNull()
            t.column("updatedAt", .integer).notNull()
            t.primaryKey(["stationId", "transactionId"])
        }
        try db.create(index: "chargingTransactionById", on: "chargingTransaction", columns: ["transactionId"])
        try db.create(
            index: "chargingTransactionByStart", on: "chargingTransaction", columns: ["stationId", "startedAt"])
        try db.create(
            index: "chargingTransactionByActivity", on: "chargingTransaction", columns: ["isActive", "startedAt"])

        try db.create(table: "transactionEvent") { t in
            t.column("stationId", .text).notNull()
            t.column("transactionId", .text).notNull()
            t.column("seqNo", .integer).notNull().check { $0 >= 0 }
            t.column("eventType", .text).notNull().check { ["Started", "Updated", "Ended"].contains($0) }
            t.column("timestamp", .integer).notNull()
            t.column("triggerReason", .text).notNull()
            t.column("offline", .boolean).notNull()
            t.column("payload", .text).notNull()
            t.column("receivedAt", .integer).notNull()
            t.primaryKey(["stationId", "transactionId", "seqNo"])
            t.foreignKey(
                ["stationId", "transactionId"], references: "chargingTransaction",
                columns: ["stationId", "transactionId"], onDelete: .cascade)
        }

        try db.create(table: "meterValue") { t in
            t.primaryKey("id", .integer)
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("transactionId", .text)
            t.column("evseId", .integer)
            t.column("timestamp", .integer).notNull()
            t.column("measurand", .text).notNull()
            t.column("phase", .text)
            t.column("unit", .text)
            t.column("context", .text)
            t.column("location", .text)
            t.column("value", .double).notNull()
            t.column("signedData", .text)
            // A NULL transactionId (MeterValues outside a transaction) leaves this key unchecked.
            t.foreignKey(
                ["stationId", "transactionId"], references: "chargingTransaction",
                columns: ["stationId", "transactionId"], onDelete: .cascade)
        }
        try db.create(
            index: "meterValueByTransaction", on: "meterValue", columns: ["stationId", "transactionId", "timestamp"])
    }

    /// A TransactionEvent's meter values get consecutive ids, and the event row keeps that range
    /// (`firstMeterValueId`, `meterValueCount`), so they are found through the event's primary
    /// key instead of an index entry per sampled value: a dozen entries landing on random index
    /// pages made up a quarter of the pages each TransactionEvent commit wrote. Values sent
    /// outside a transaction (MeterValues, J01) keep a partial index. Deleting a station now
    /// removes its meter values explicitly (`deleteStation`), since a foreign key needs an index
    /// on its child columns to cascade without scanning the table.
    private static func findMeterValuesThroughTheirEvent(_ db: Database) throws {
        try db.create(table: "meterValueByEvent") { t in
            t.primaryKey("id", .integer)
            t.column("stationId", .text).notNull()
            t.column("transactionId", .text)
            t.column("evseId", .integer)
            t.column("timestamp", .integer).notNull()
            t.column("measurand", .text).notNull()
            t.column("phase", .text)
            t.column("unit", .text)
            t.column("context", .text)
            t.column("location", .text)
            t.column("value", .double).notNull()
            t.column("signedData", .text)
        }
        // Copied transaction by transaction, so each transaction's values get one id range; the
        // range goes on the transaction's first event (which event carried which value was not
        // recorded before this version).
        try db.execute(
            sql: """
                INSERT INTO meterValueByEvent
                    (stationId, transactionId, evseId, timestamp, measurand, phase, unit, context, location, value, signedData)
                SELECT stationId, transactionId, evseId, timestamp, measurand, phase, unit, context, location, value, signedData
                FROM meterValue ORDER BY stationId, transactionId, timestamp, id
                """)
        try db.drop(table: "meterValue")
        try db.rename(table: "meterValueByEvent", to: "meterValue")
        try db.alter(table: "transactionEvent") { t in
            t.add(column: "firstMeterValueId", .integer)
            t.add(column: "meterValueCount", .integer).notNull().defaults(to: 0)
        }
        try db.execute(
            sql: """
                UPDATE transactionEvent SET firstMeterValueId = ranges.firstId, meterValueCount = ranges.valueCount
                FROM (
                    SELECT meterValue.stationId, meterValue.transactionId, min(meterValue.id) AS firstId, count(*) AS valueCount,
                        (SELECT min(seqNo) FROM transactionEvent AS first
                         WHERE first.stationId = meterValue.stationId AND first.transactionId = meterValue.transactionId) AS seqNo
                    FROM meterValue WHERE meterValue.transactionId IS NOT NULL
                    GROUP BY meterValue.stationId, meterValue.transactionId
                ) AS ranges
                WHERE transactionEvent.stationId = ranges.stationId AND transactionEvent.transactionId = ranges.transactionId
                    AND transactionEvent.seqNo = ranges.seqNo
                """)
        try db.execute(
            sql: """
                CREATE INDEX meterValueOutsideTransactions ON meterValue (stationId, timestamp) WHERE transactionId IS NULL
                """)
    }

    /// Operator API keys (`APIKeyStore`): only a hash of each key, looked up by that hash.
    private static func createAPIKeyTable(_ db: Database) throws {
        try db.create(table: "apiKey") { t in
            t.primaryKey("id", .text)
            // Literal values rather than the record's constants: a shipped migration must not change.
            t.column("name", .text).notNull().check { length($0) <= 64 }
            t.column("role", .text).notNull().check { ["operator", "viewer", "utility"].contains($0) }
            t.column("keyHash", .text).notNull().unique()
            // A JSON array of site ids (GRDB encodes the record's [String] so); '[]' for most roles.
            t.column("siteIds", .text).notNull()
            t.column("createdAt", .integer).notNull()
            t.column("revokedAt", .integer)
        }
    }

    /// The energy manager's durable inputs: utility limit signals (never deleted, withdrawals
    /// stamped, for the audit trail) and site documents written through the API.
    private static func createEnergyTables(_ db: Database) throws {
        try db.create(table: "limitSignal") { t in
            t.primaryKey("id", .text)
            t.column("siteId", .text).notNull()
            t.column("nodeId", .text).notNull()
            t.column("startsAt", .integer).notNull()
            t.column("endsAt", .integer).notNull()
            t.column("importLimitKW", .double)
            t.column("importLimitL1A", .double)
            t.column("importLimitL2A", .double)
            t.column("importLimitL3A", .double)
            t.column("exportLimitKW", .double)
            t.column("source", .text).notNull()
            t.column("externalId", .text)
            t.column("createdAt", .integer).notNull()
            t.column("createdByKeyId", .text)
            t.column("withdrawnAt", .integer)
            t.column("withdrawnByKeyId", .text)
        }
        try db.create(index: "limitSignalBySiteAndEnd", on: "limitSignal", columns: ["siteId", "endsAt"])
        try db.create(
            index: "limitSignalByExternalId", on: "limitSignal", columns: ["siteId", "source", "externalId"], unique: true,
            condition: Column("externalId") != nil)
        try db.create(table: "siteDocument") { t in
            t.primaryKey("id", .text)
            t.column("document", .text).notNull()
            t.column("updatedAt", .integer).notNull()
            t.column("updatedByKeyId", .text)
        }
    }

    /// Every plan the energy manager made, with its inputs, to explain past decisions.
    private static func createHeldChargingProfileTable(_ db: Database) throws {
        try db.create(table: "heldChargingProfile") { t in
            t.column("stationId", .text).notNull()
            t.column("evseId", .integer).notNull()
            t.column("profileId", .integer).notNull()
            t.column("profile", .text).notNull()
            t.column("acceptedAt", .integer).notNull()
            t.primaryKey(["stationId", "profileId"])
        }
    }

    private static func createManualChargingProfileTable(_ db: Database) throws {
        try db.create(table: "manualChargingProfile") { t in
            t.column("stationId", .text).notNull()
            t.column("profileId", .integer).notNull()
            t.column("evseId", .integer).notNull()
            t.column("profile", .text).notNull()
            t.column("createdAt", .integer).notNull()
            t.primaryKey(["stationId", "profileId"])
        }
    }

    private static func createEnergyPlanTable(_ db: Database) throws {
        try db.create(table: "energyPlan") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("siteId", .text).notNull()
            t.column("madeAt", .integer).notNull()
            t.column("reason", .text).notNull()
            t.column("inputs", .text).notNull()
            t.column("result", .text).notNull()
        }
        try db.create(index: "energyPlanBySite", on: "energyPlan", columns: ["siteId", "id"])
        try db.create(index: "energyPlanByTime", on: "energyPlan", columns: ["madeAt"])
    }

    /// Meter values are kept as received, the unit's multiplier in its own column: multiplying
    /// first overflowed 1e308 × 10^9 to infinity and flushed 4.9e-324 × 10^-9 to 0. Existing rows
    /// hold the multiplied value, which multiplier 0 reads unchanged.
    private static func keepMeterValueMultipliersApart(_ db: Database) throws {
        try db.alter(table: "meterValue") { t in
            t.add(column: "multiplier", .integer).notNull().defaults(to: 0)
        }
    }

    /// A station is decommissioned rather than deleted, so its transactions, meter values and
    /// events (billing and audit records) outlive it; NULL means in service.
    private static func decommissionStationsInsteadOfDeleting(_ db: Database) throws {
        try db.alter(table: "station") { t in
            t.add(column: "decommissionedAt", .integer)
        }
    }

    private static func createStationEventTables(_ db: Database) throws {
        try db.create(table: "securityEvent") { t in
            t.primaryKey("id", .integer)
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("type", .text).notNull()
            t.column("timestamp", .integer).notNull()
            t.column("techInfo", .text)
            t.column("receivedAt", .integer).notNull()
        }
        try db.create(index: "securityEventByStation", on: "securityEvent", columns: ["stationId", "timestamp"])

        try db.create(table: "stationEvent") { t in
            t.primaryKey("id", .integer)
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("generatedAt", .integer).notNull()
            t.column("seqNo", .integer).notNull()
            t.column("eventId", .integer).notNull()
            t.column("timestamp", .integer).notNull()
            t.column("trigger", .text).notNull()
            t.column("actualValue", .text).notNull()
            t.column("eventNotificationType", .text).notNull()
            t.column("componentName", .text).notNull()
            t.column("componentInstance", .text)
            t.column("evseId", .integer)
            t.column("connectorId", .integer)
            t.column("variableName", .text).notNull()
            t.column("variableInstance", .text)
            t.column("payload", .text).notNull()
        }
        try db.create(index: "stationEventByStation", on: "stationEvent", columns: ["stationId", "timestamp"])

        try db.create(table: "stationNotification") { t in
            t.primaryKey("id", .integer)
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("kind", .text).notNull()
            t.column("payload", .text).notNull()
            t.column("at", .integer).notNull()
        }
        try db.create(index: "stationNotificationByStation", on: "stationNotification", columns: ["stationId", "at"])
        try db.create(
            index: "stationNotificationByKind", on: "stationNotification", columns: ["stationId", "kind", "at"])
    }

    private static func createDeviceModelTables(_ db: Database) throws {
        try db.create(table: "deviceModelVariable") { t in
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("componentName", .text).notNull()
            t.column("componentInstance", .text)
            t.column("evseId", .integer)
            t.column("connectorId", .integer)
            t.column("variableName", .text).notNull()
            t.column("variableInstance", .text)
            t.column("attributeType", .text).notNull()
            t.column("value", .text)
            t.column("mutability", .text)
            t.column("characteristics", .text)
            t.column("updatedAt", .integer).notNull()
        }
        // Optional key parts are NULL in the rows; the key treats a missing part as one value,
        // which a plain UNIQUE constraint would not (NULLs are all distinct there).
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX deviceModelVariableKey ON deviceModelVariable(
                    stationId, componentName, ifnull(componentInstance, ''), ifnull(evseId, -1),
                    ifnull(connectorId, -1), variableName, ifnull(variableInstance, ''), attributeType)
                """)

        try db.create(table: "reportPart") { t in
            t.column("stationId", .text).notNull().references("station", onDelete: .cascade)
            t.column("requestId", .integer).notNull()
            t.column("seqNo", .integer).notNull().check { $0 >= 0 }
            t.column("tbc", .boolean).notNull()
            t.column("generatedAt", .integer).notNull()
            t.column("variableCount", .integer).notNull()
            t.column("receivedAt", .integer).notNull()
            t.primaryKey(["stationId", "requestId", "seqNo"])
        }
    }

    /// The v1 frame log, kept so v1 still reads as shipped; v2 drops it from this file.
    private static func createFrameLogTable(_ db: Database) throws {
        try db.create(table: "frameLog") { t in
            t.primaryKey("id", .integer)
            t.column("stationId", .text).notNull()
            t.column("direction", .text).notNull().check { ["in", "out"].contains($0) }
            t.column("text", .text).notNull()
            t.column("at", .integer).notNull()
        }
        try db.create(index: "frameLogByStation", on: "frameLog", columns: ["stationId", "id"])
    }
}
