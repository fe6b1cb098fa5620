import Foundation
import GRDB

extension SQLiteStore {
    /// Runs `body` atomically (a savepoint in a group commit) and returns once it is committed;
    /// any failure becomes a StorageError about `entity` `key`.
    func write<T: Sendable>(
        _ entity: String, key: @autoclosure () -> String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw Self.storageError(error, entity: entity, key: key())
        }
    }

    /// Runs `body` on a reader (a snapshot that never waits for the writer).
    func read<T: Sendable>(
        _ entity: String, key: String, _ body: @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storageError(error, entity: entity, key: key)
        }
    }

    /// Runs a point lookup of the message path in a shared reader batch (see `BatchedReader`).
    func lookup<T: Sendable>(
        _ entity: String, key: @autoclosure () -> String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        do {
            return try await lookups.read(body)
        } catch {
            throw Self.storageError(error, entity: entity, key: key())
        }
    }

    static func storageError(_ error: any Error, entity: String, key: String) -> StorageError {
        if let error = error as? StorageError { return error }
        guard let error = error as? DatabaseError else {
            if error is CancellationError {
                return .backend(entity, key: key, reason: "the calling task was cancelled before the write ran")
            }
            return .backend(entity, key: key, reason: "\(error)")
        }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
            return .conflict(entity, key: key)
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StorageError(
                code: .notFound,
                message: "\(entity) '\(key)' refers to a station that does not exist; create the station first")
        case .SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_NOTNULL:
            return StorageError(
                code: .invalid, message: "\(entity) '\(key)' breaks a schema rule: \(error.message ?? "\(error)")")
        default:
            return .backend(entity, key: key, reason: error.message ?? "\(error)")
        }
    }

    /// Now, cut to the millisecond the database keeps, so a returned record equals the stored one.
    static func now() -> Date {
        Date(millisecondsSince1970: Date().millisecondsSince1970)
    }
}
