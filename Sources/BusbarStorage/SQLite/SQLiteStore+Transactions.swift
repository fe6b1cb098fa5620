import Foundation
import GRDB

extension TransactionRecord: SQLiteRow, PersistableRecord {
    /// "transaction" is an SQL keyword; this name avoids quoting it everywhere.
    public static let databaseTableName = "chargingTransaction"
}

extension TransactionEventRecord: SQLiteRow, PersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "transactionEvent"
}

extension MeterValueRecord: SQLiteRow, MutablePersistableRecord {
    /// The table this record is the row of.
    public static let databaseTableName = "meterValue"

    /// Keeps the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension SQLiteStore: TransactionStore {
    public func appendTransactionEvent(
        _ event: TransactionEventRecord, meterValues: [MeterValueRecord], transaction update: TransactionUpdate
    ) async throws(StorageError) -> AppendOutcome {
        try event.validate()
        if !StoredText.allStorable(update.idToken, update.idTokenType, update.chargingState, update.stoppedReason) {
            try StoredText.check(
                "transaction event", key: event.key,
                [
                    ("idToken", update.idToken), ("idTokenType", update.idTokenType), ("chargingState", update.chargingState),
                    ("stoppedReason", update.stoppedReason),
                ])
        }
        try MeterValueRecord.checkText(meterValues)
        if meterValues.contains(where: { $0.stationId != event.stationId || $0.transactionId != event.transactionId }) {
            throw .invalid(
                "transaction event", key: event.key, field: "meterValues",
                reason: "must all name station '\(event.stationId)' and transaction '\(event.transactionId)'")
        }
        let now = Self.now()
        return try await write("transaction event", key: event.key) { db in
            // Prepared statements with positional columns throughout: this runs for every
            // TransactionEvent, thousands a second at load.
            let exists = try db.cachedStatement(
                sql: "SELECT EXISTS (SELECT 1 FROM transactionEvent WHERE stationId = ? AND transactionId = ? AND seqNo = ?)")
            let alreadyStored =
                try Bool.fetchOne(exists, arguments: [event.stationId, event.transactionId, event.seqNo]) ?? false
            if alreadyStored { return .duplicate }

            let select = try db.cachedStatement(
                sql: "SELECT \(TransactionRecord.columnList) FROM chargingTransaction WHERE stationId = ? AND transactionId = ?")
            let existing = try Row.fetchOne(select, arguments: [event.stationId, event.transactionId])
                .map(TransactionRecord.init(positionalRow:))
            let transaction = Self.fold(event, update: update, into: existing, at: now)
            if existing == nil {
                try db.cachedStatement(
                    sql:
                        "INSERT INTO chargingTransaction (\(TransactionRecord.columnList)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ).execute(arguments: transaction.positionalArguments)
            } else if let existing, existing.startedAt == transaction.startedAt, existing.isActive == transaction.isActive {
                // Most events only move the transaction on: SQLite rewrites the index entries of
                // every indexed column an UPDATE assigns, so leaving startedAt and isActive out
                // spares two index pages per event (chargingTransactionByStart, …ByActivity).
                try db.cachedStatement(
                    sql: """
                        UPDATE chargingTransaction SET evseId = ?, connectorId = ?, idToken = ?, idTokenType = ?, remoteStartId = ?,
                        endedAt = ?, stoppedReason = ?, chargingState = ?, lastSeqNo = ?, eventCount = ?, updatedAt = ?
                        WHERE stationId = ? AND transactionId = ?
                        """
                ).execute(arguments: transaction.progressArguments)
            } else {
                try db.cachedStatement(
                    sql: """
                        UPDATE chargingTransaction SET evseId = ?, connectorId = ?, idToken = ?, idTokenType = ?, remoteStartId = ?,
                        startedAt = ?, endedAt = ?, stoppedReason = ?, chargingState = ?, lastSeqNo = ?, eventCount = ?,
                        isActive = ?, updatedAt = ? WHERE stationId = ? AND transactionId = ?
                        """
                ).execute(arguments: transaction.updateArguments)
            }
            let firstMeterValueId = try Self.insert(meterValues, db)
            try db.cachedStatement(
                sql: """
                    INSERT INTO transactionEvent (stationId, transactionId, seqNo, eventType, timestamp, triggerReason, offline, payload,
                    receivedAt, firstMeterValueId, meterValueCount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                event.stationId, event.transactionId, event.seqNo, event.eventType.rawValue, event.timestamp.millisecondsSince1970,
                event.triggerReason, event.offline, event.payload, event.receivedAt.millisecondsSince1970, firstMeterValueId,
                meterValues.count,
            ])
            return .stored(gaps: try Self.gaps(in: transaction, db))
        }
    }

    public func appendMeterValues(_ values: [MeterValueRecord]) async throws(StorageError) {
        guard let first = values.first else { return }
        try MeterValueRecord.checkText(values)
        if let other = values.first(where: { $0.stationId != first.stationId || $0.transactionId != nil }) {
            throw .invalid(
                "meter values", key: other.stationId, field: other.transactionId == nil ? "stationId" : "transactionId",
                reason: "values outside a transaction must all name station '\(first.stationId)' and no transaction; "
                    + "a transaction's values come with its TransactionEvent")
        }
        try await write("meter values", key: first.stationId) { db in
            // No foreign key on meterValue (see the v3 migration): the station is checked here.
            let exists = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM station WHERE id = ?)")
            guard try Bool.fetchOne(exists, arguments: [first.stationId]) ?? false else {
                throw StorageError(
                    code: .notFound,
                    message: "meter values '\(first.stationId)' refers to a station that does not exist; create the station first")
            }
            _ = try Self.insert(values, db)
        }
    }

    /// Inserts meter values through one prepared statement (an Updated event carries a dozen) and
    /// returns the first one's id: the values get consecutive ids, which is how their
    /// TransactionEvent row finds them again (`firstMeterValueId`, `meterValueCount`).
    static func insert(_ values: [MeterValueRecord], _ db: Database) throws -> Int64? {
        guard !values.isEmpty else { return nil }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO meterValue
                    (stationId, transactionId, evseId, timestamp, measurand, phase, unit, context, location, value, signedData, multiplier)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let row = DirectBinding(insert, in: db)
        var firstId: Int64?
        for value in values {
            row.bind(1, value.stationId)
            row.bind(2, value.transactionId)
            row.bind(3, value.evseId)
            row.bind(4, value.timestamp.millisecondsSince1970)
            row.bind(5, value.measurand)
            row.bind(6, value.phase)
            row.bind(7, value.unit)
            row.bind(8, value.context)
            row.bind(9, value.location)
            row.bind(10, value.value)
            row.bind(11, value.signedData)
            row.bind(12, value.multiplier)
            try row.run()
            if firstId == nil { firstId = db.lastInsertedRowID }
        }
        // SQLite gives a new row the largest id + 1, and this single writer inserts nothing in
        // between; should that ever not hold, fail the write rather than store an unfindable range.
        guard let firstId, db.lastInsertedRowID == firstId + Int64(values.count) - 1 else {
            throw StorageError.backend(
                "meter values", key: values[0].stationId, reason: "the store did not assign consecutive meter value ids")
        }
        return firstId
    }

    public func transactions(
        stationId: String?, active: Bool?, limit: Int
    ) async throws(StorageError) -> [TransactionRecord] {
        // Keys are never stored with U+0000 (StoredText); bound, they would match their prefix.
        guard StoredText.isStorable(stationId) else { return [] }
        return try await read("transaction", key: stationId ?? "*") { db in
            var request = TransactionRecord.all()
            if let stationId {
                request = request.filter(Column("stationId") == stationId)
            }
            if let active {
                request = request.filter(Column("isActive") == active)
            }
            return try request.order(Column("startedAt").desc).limit(limit).fetchAll(db)
        }
    }

    public func transaction(
        stationId: String, transactionId: String
    ) async throws(StorageError) -> TransactionRecord? {
        guard StoredText.isStorable(stationId), StoredText.isStorable(transactionId) else { return nil }
        return try await read("transaction", key: "\(stationId)/\(transactionId)") { db in
            try TransactionRecord.fetchOne(db, key: ["stationId": stationId, "transactionId": transactionId])
        }
    }

    public func transactions(withId transactionId: String) async throws(StorageError) -> [TransactionRecord] {
        guard StoredText.isStorable(transactionId) else { return [] }
        return try await read("transaction", key: transactionId) { db in
            try TransactionRecord.filter(Column("transactionId") == transactionId)
                .order(Column("stationId")).fetchAll(db)
        }
    }

    public func transactionEvents(
        stationId: String, transactionId: String
    ) async throws(StorageError) -> [TransactionEventRecord] {
        guard StoredText.isStorable(stationId), StoredText.isStorable(transactionId) else { return [] }
        return try await read("transaction", key: "\(stationId)/\(transactionId)") { db in
            try TransactionEventRecord
                .filter(Column("stationId") == stationId && Column("transactionId") == transactionId)
                .order(Column("seqNo")).fetchAll(db)
        }
    }

    public func meterValues(
        stationId: String, transactionId: String?
    ) async throws(StorageError) -> [MeterValueRecord] {
        guard StoredText.isStorable(stationId), StoredText.isStorable(transactionId) else { return [] }
        return try await read("meter values", key: "\(stationId)/\(transactionId ?? "-")") { db in
            guard let transactionId else {
                return try MeterValueRecord.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM meterValue INDEXED BY meterValueOutsideTransactions
                        WHERE stationId = ? AND transactionId IS NULL ORDER BY timestamp, id
                        """,
                    arguments: [stationId])
            }
            // Each event's values are an id range it keeps (see the v3 migration).
            return try MeterValueRecord.fetchAll(
                db,
                sql: """
                    SELECT meterValue.* FROM transactionEvent
                    JOIN meterValue ON meterValue.id >= transactionEvent.firstMeterValueId
                        AND meterValue.id < transactionEvent.firstMeterValueId + transactionEvent.meterValueCount
                    WHERE transactionEvent.stationId = ? AND transactionEvent.transactionId = ?
                    ORDER BY meterValue.timestamp, meterValue.id
                    """,
                arguments: [stationId, transactionId])
        }
    }

    /// The transaction after `event`: events may arrive out of order (offline queues), so the
    /// start is the earliest timestamp seen and an Ended transaction never reopens.
    static func fold(
        _ event: TransactionEventRecord, update: TransactionUpdate, into existing: TransactionRecord?, at now: Date
    ) -> TransactionRecord {
        var transaction =
            existing
            ?? TransactionRecord(
                stationId: event.stationId, transactionId: event.transactionId, startedAt: event.timestamp,
                lastSeqNo: event.seqNo, eventCount: 0, isActive: true, updatedAt: now)
        transaction.startedAt = min(transaction.startedAt, event.timestamp)
        transaction.lastSeqNo = max(transaction.lastSeqNo, event.seqNo)
        transaction.eventCount += 1
        transaction.updatedAt = now
        if let evseId = update.evseId { transaction.evseId = evseId }
        if let connectorId = update.connectorId { transaction.connectorId = connectorId }
        if let idToken = update.idToken { transaction.idToken = idToken }
        if let idTokenType = update.idTokenType { transaction.idTokenType = idTokenType }
        if let remoteStartId = update.remoteStartId { transaction.remoteStartId = remoteStartId }
        if let chargingState = update.chargingState { transaction.chargingState = chargingState }
        if let stoppedReason = update.stoppedReason { transaction.stoppedReason = stoppedReason }
        if event.eventType == .ended {
            transaction.isActive = false
            transaction.endedAt = event.timestamp
        }
        return transaction
    }

    /// The seqNos missing below the highest one stored; free when none is missing, because the
    /// count of distinct events then equals the highest seqNo + 1.
    static func gaps(in transaction: TransactionRecord, _ db: Database) throws -> [Int] {
        if transaction.eventCount == transaction.lastSeqNo + 1 { return [] }
        let stored = try SQLRequest<Int>(
            literal: """
                SELECT seqNo FROM transactionEvent
                WHERE stationId = \(transaction.stationId) AND transactionId = \(transaction.transactionId)
                """
        ).fetchSet(db)
        var gaps: [Int] = []
        for seqNo in 0..<transaction.lastSeqNo where !stored.contains(seqNo) {
            gaps.append(seqNo)
            if gaps.count == AppendOutcome.maxReportedGaps { break }
        }
        return gaps
    }
}

// Hand-written row mapping for the two records every TransactionEvent reads and writes: GRDB's
// Codable path looks columns up by name through a keyed decoder per row, which showed up in
// profiles at thousands of events a second. Column names and the millisecond dates match
// SQLiteSchema and SQLiteRow.
extension TransactionRecord {
    /// Reads a `chargingTransaction` row.
    public init(row: Row) {
        self.init(
            stationId: row["stationId"], transactionId: row["transactionId"], evseId: row["evseId"],
            connectorId: row["connectorId"], idToken: row["idToken"], idTokenType: row["idTokenType"],
            remoteStartId: row["remoteStartId"], startedAt: Date(millisecondsSince1970: row["startedAt"]),
            endedAt: (row["endedAt"] as Int64?).map(Date.init(millisecondsSince1970:)), stoppedReason: row["stoppedReason"],
            chargingState: row["chargingState"], lastSeqNo: row["lastSeqNo"], eventCount: row["eventCount"],
            isActive: row["isActive"], updatedAt: Date(millisecondsSince1970: row["updatedAt"]))
    }

    /// Writes a `chargingTransaction` row.
    public func encode(to container: inout PersistenceContainer) {
        container["stationId"] = stationId
        container["transactionId"] = transactionId
        container["evseId"] = evseId
        container["connectorId"] = connectorId
        container["idToken"] = idToken
        container["idTokenType"] = idTokenType
        container["remoteStartId"] = remoteStartId
        container["startedAt"] = startedAt.millisecondsSince1970
        container["endedAt"] = endedAt?.millisecondsSince1970
        container["stoppedReason"] = stoppedReason
        container["chargingState"] = chargingState
        container["lastSeqNo"] = lastSeqNo
        container["eventCount"] = eventCount
        container["isActive"] = isActive
        container["updatedAt"] = updatedAt.millisecondsSince1970
    }
}

extension TransactionRecord {
    /// Every column in table order: the SELECT list `init(positionalRow:)` reads and the
    /// INSERT list `positionalArguments` fills.
    static let columnList = """
        stationId, transactionId, evseId, connectorId, idToken, idTokenType, remoteStartId, startedAt, endedAt, \
        stoppedReason, chargingState, lastSeqNo, eventCount, isActive, updatedAt
        """

    /// Reads a row selected with `columnList` by position, skipping GRDB's column-name lookups.
    init(positionalRow row: Row) {
        self.init(
            stationId: row[0], transactionId: row[1], evseId: row[2], connectorId: row[3], idToken: row[4],
            idTokenType: row[5], remoteStartId: row[6], startedAt: Date(millisecondsSince1970: row[7]),
            endedAt: (row[8] as Int64?).map(Date.init(millisecondsSince1970:)), stoppedReason: row[9],
            chargingState: row[10], lastSeqNo: row[11], eventCount: row[12], isActive: row[13],
            updatedAt: Date(millisecondsSince1970: row[14]))
    }

    /// The values of `columnList`, in its order.
    var positionalArguments: StatementArguments {
        [
            stationId, transactionId, evseId, connectorId, idToken, idTokenType, remoteStartId,
            startedAt.millisecondsSince1970, endedAt?.millisecondsSince1970, stoppedReason, chargingState, lastSeqNo,
            eventCount, isActive, updatedAt.millisecondsSince1970,
        ]
    }

    /// The arguments of the UPDATE in `appendTransactionEvent` that leaves the indexed startedAt
    /// and isActive alone: the other non-key columns, then the key.
    var progressArguments: StatementArguments {
        [
            evseId, connectorId, idToken, idTokenType, remoteStartId, endedAt?.millisecondsSince1970, stoppedReason,
            chargingState, lastSeqNo, eventCount, updatedAt.millisecondsSince1970, stationId, transactionId,
        ]
    }

    /// The arguments of the UPDATE in `appendTransactionEvent`: every non-key column, then the key.
    var updateArguments: StatementArguments {
        [
            evseId, connectorId, idToken, idTokenType, remoteStartId, startedAt.millisecondsSince1970,
            endedAt?.millisecondsSince1970, stoppedReason, chargingState, lastSeqNo, eventCount, isActive,
            updatedAt.millisecondsSince1970, stationId, transactionId,
        ]
    }
}

extension TransactionEventRecord {
    /// Reads a `transactionEvent` row.
    public init(row: Row) {
        self.init(
            stationId: row["stationId"], transactionId: row["transactionId"], seqNo: row["seqNo"],
            eventType: TransactionEventType(rawValue: row["eventType"]) ?? .updated,
            timestamp: Date(millisecondsSince1970: row["timestamp"]), triggerReason: row["triggerReason"],
            offline: row["offline"], payload: row["payload"], receivedAt: Date(millisecondsSince1970: row["receivedAt"]))
    }

    /// Writes a `transactionEvent` row.
    public func encode(to container: inout PersistenceContainer) {
        container["stationId"] = stationId
        container["transactionId"] = transactionId
        container["seqNo"] = seqNo
        container["eventType"] = eventType.rawValue
        container["timestamp"] = timestamp.millisecondsSince1970
        container["triggerReason"] = triggerReason
        container["offline"] = offline
        container["payload"] = payload
        container["receivedAt"] = receivedAt.millisecondsSince1970
    }
}
