import GRDB
import GRDBSQLite

/// Runs a cached prepared statement with values bound straight into SQLite. GRDB's
/// `StatementArguments` box every value in an existential inside an array; for the dozen
/// meter-value rows of each TransactionEvent, and the frame log's thousands of rows a second,
/// that boxing cost more CPU than SQLite's insert. Only for statements that return no rows;
/// failures become GRDB's `DatabaseError`, so `SQLiteStore.storageError` maps them as it maps
/// every other write.
struct DirectBinding {
    private let statement: Statement
    private let connection: SQLiteConnection?
    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// Wraps `statement`, a statement prepared on `db`.
    init(_ statement: Statement, in db: Database) {
        self.statement = statement
        self.connection = db.sqliteConnection
    }

    /// Binds text (or NULL) to the 1-based parameter `index`; SQLite copies the bytes.
    func bind(_ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// Binds an integer (or NULL).
    func bind(_ index: Int32, _ integer: Int64?) {
        guard let integer else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, integer)
    }

    /// Binds an integer (or NULL).
    func bind(_ index: Int32, _ integer: Int?) {
        bind(index, integer.map(Int64.init))
    }

    /// Binds a real.
    func bind(_ index: Int32, _ real: Double) {
        sqlite3_bind_double(handle, index, real)
    }

    /// Steps the statement to completion and resets it for the next row's bindings.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
        }
    }

    /// SQLITE_TRANSIENT: SQLite takes its own copy of bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
