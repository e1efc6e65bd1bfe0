import Store
import GRDB
import GRDBSQLite
import Wire

/// Reads rows of one dataset's change feed in sequence order inside a read transaction, leaving out those whose
/// state came unchanged from `excluding` (the echo rule), and counts every row it reads.
///
/// It drives its prepared statement through the SQLite C API directly (bind, step, reset): this is the hot path
/// of every pull a server serves. The states are kept as stored (canonical encodings the store validated when it
/// wrote them): a batch goes from the store onto the wire without being decoded.
struct FeedReader {
    private let statement: SQLiteStatement
    private let datasetID: Int64
    private let excluding: SiteID?
    /// The records read so far and not left out, in feed order.
    private(set) var records = EncodedRecords()
    /// Every row read so far, left out or not.
    private(set) var rowsRead = 0

    init(_ db: Database, dataset: DatasetRow, excluding peer: SiteID?) throws {
        statement = try db.cachedStatement(
            sql: """
                SELECT seq, state, source_peer FROM record_feed WHERE dataset_id = ? AND seq > ? AND seq <= ?
                ORDER BY seq LIMIT ?
                """
        ).sqliteStatement
        datasetID = dataset.rowID
        excluding = peer
    }

    /// Reads at most `limit` rows with a sequence after `after` and at most `through`. Returns how many rows it
    /// read and the sequence of the last (`after` when none).
    mutating func read(after: UInt64, through: UInt64, limit: Int) throws -> (count: Int, last: UInt64) {
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        sqlite3_bind_int64(statement, 1, datasetID)
        sqlite3_bind_int64(statement, 2, Int64(bitPattern: after))
        sqlite3_bind_int64(statement, 3, Int64(bitPattern: min(through, UInt64(Int64.max))))
        sqlite3_bind_int64(statement, 4, Int64(max(1, limit)))
        var last = after
        var count = 0
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw ReplicaError(.storage, "SQLite error \(code) reading the change feed")
            }
            count += 1
            last = UInt64(bitPattern: sqlite3_column_int64(statement, 0))
            if let excluding, sqlite3_column_bytes(statement, 2) == 16,
                let source = sqlite3_column_blob(statement, 2)
            {
                let high = UInt64(bigEndian: source.loadUnaligned(as: UInt64.self))
                let low = UInt64(bigEndian: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                if SiteID(high: high, low: low) == excluding { continue }
            }
            let size = Int(sqlite3_column_bytes(statement, 1))
            let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 1), count: size)
            records.append(canonical: bytes)
        }
        rowsRead += count
        return (count, last)
    }
}
