import Foundation
import GRDB

/// A record stored by the SQLite backend. Dates are kept as integer milliseconds since 1970:
/// exact to compare and sort, cheap to encode, and a returned record equals the stored one.
protocol SQLiteRow: FetchableRecord, EncodableRecord {}

extension SQLiteRow {
    /// Milliseconds since 1970, rounded rather than floored, so a whole-millisecond date survives.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { date in date.millisecondsSince1970 }
    }

    /// The inverse of the encoding strategy.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { value in Int64.fromDatabaseValue(value).map(Date.init(millisecondsSince1970:)) }
    }
}

extension Date {
    /// The integer the database keeps; bind this, never a `Date`, in hand-written SQL.
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
