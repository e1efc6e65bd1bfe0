#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Store
import GRDB
import GRDBSQLite

/// Turns a failure of SQLite (or of the files under it) into the `ReplicaError` a user reads: `.diskFull` with a
/// plain sentence when the disk holding the store is full, else `.storage` with SQLite's own words.
///
/// SQLite says `SQLITE_FULL` when a write does not fit, but a disk with no space left at all often fails earlier,
/// creating the write-ahead log or its shared-memory index, as a plain `SQLITE_IOERR`; an I/O error on a file
/// system with (almost) no space left is therefore a full disk too.
enum StorageFailure {
    /// Below this many free bytes an I/O error is taken for a full disk (SQLite's shared-memory index alone needs
    /// 32 KiB).
    static let nearlyFull: UInt64 = 256 * 1024

    /// The error for `error`, thrown by SQLite working on the store file `file` (`nil` when unknown).
    static func error(_ error: any Error, file: String?) -> ReplicaError {
        if let error = error as? ReplicaError { return error }
        if let database = error as? DatabaseError {
            return self.error(code: database.resultCode.primaryResultCode.rawValue, text: "\(database)", file: file)
        }
        return ReplicaError(.storage, "storage error: \(error)")
    }

    /// The error for the SQLite result code `code`, whose detail is `text`.
    static func error(code: Int32, text: String, file: String?) -> ReplicaError {
        let primary = code & 0xff
        if primary == SQLITE_FULL || (primary == SQLITE_IOERR && file.map(isNearlyFull) == true) {
            return ReplicaError(
                .diskFull, "the disk is full writing \(file ?? "the replica"); free some space and try again")
        }
        return ReplicaError(.storage, "storage error: \(text)")
    }

    /// Whether the file system holding `file` has less than `nearlyFull` bytes left for us.
    static func isNearlyFull(_ file: String) -> Bool {
        let folder = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        var status = statvfs()
        guard statvfs(folder.isEmpty ? "/" : folder, &status) == 0 else { return false }
        return UInt64(status.f_bavail) * UInt64(status.f_frsize) < nearlyFull
    }
}

extension StorageFailure {
    /// The error for the SQLite result code `code` that a statement of `db` returned, with SQLite's message.
    static func error(code: Int32, in db: Database) -> ReplicaError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "unknown"
        let file = db.sqliteConnection.flatMap { sqlite3_db_filename($0, "main") }.map { String(cString: $0) }
        return error(code: code, text: "SQLite error \(code): \(message)", file: file)
    }
}
