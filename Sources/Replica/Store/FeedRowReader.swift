import Store
import GRDB
import GRDBSQLite
import Wire

/// Reads the state a dataset's change feed holds at one sequence (the row `record_keys` points to), through the
/// SQLite C API: the writer's lookups and the export's type-ordered reads go through it.
struct FeedRowReader {
    private let db: Database
    private let dataset: DatasetRow
    private let statement: SQLiteStatement

    init(_ db: Database, dataset: DatasetRow) throws {
        self.db = db
        self.dataset = dataset
        statement = try db.cachedStatement(
            sql: "SELECT state FROM record_feed WHERE dataset_id = ? AND seq = ?"
        ).sqliteStatement
    }

    /// The state at `sequence`; a sequence the feed does not hold means the store is damaged.
    func state(at sequence: Int64) throws -> RecordState {
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        sqlite3_bind_int64(statement, 1, dataset.rowID)
        sqlite3_bind_int64(statement, 2, sequence)
        let code = sqlite3_step(statement)
        guard code == SQLITE_ROW else {
            if code == SQLITE_DONE {
                throw ReplicaError(
                    .storage, "a record of \(dataset.name) has no row in the change feed: the store is damaged"
                )
            }
            throw StorageFailure.error(code: code, in: db)
        }
        let bytes = UnsafeRawBufferPointer(
            start: sqlite3_column_blob(statement, 0), count: Int(sqlite3_column_bytes(statement, 0))
        )
        return try RecordState(storedBytes: bytes)
    }
}
