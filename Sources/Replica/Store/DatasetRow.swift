import Store
import GRDB
import Wire

/// One row of the `datasets` table.
struct DatasetRow: Sendable {
    var rowID: Int64
    var name: String
    var kind: DatasetKind
    var epoch: UInt64
    var sequence: UInt64
    var liveCount: Int
    var conflictCount: Int

    /// The dataset as the store's users see it, its horizon read in `db`.
    func info(_ db: Database) throws -> DatasetInfo {
        DatasetInfo(
            name: name, kind: kind, epoch: epoch, sequence: sequence, recordCount: liveCount,
            conflictCount: conflictCount, horizon: try Replica.horizon(db, datasetID: rowID))
    }

    static let columns = "id, name, kind, epoch, sequence, live_count, conflict_count"

    init(row: Row) {
        rowID = row[0]
        name = row[1]
        kind = DatasetKind(rawValue: UInt8(truncatingIfNeeded: row[2] as Int64)) ?? .election
        epoch = UInt64(bitPattern: row[3])
        sequence = UInt64(bitPattern: row[4])
        liveCount = row[5]
        conflictCount = row[6]
    }

    /// The dataset called `name`, or `nil`.
    static func find(_ db: Database, name: String) throws -> DatasetRow? {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM datasets WHERE name = ?")
        return try Row.fetchOne(statement, arguments: [name]).map(DatasetRow.init(row:))
    }

    /// The dataset called `name`; throws `.datasetNotFound`.
    static func load(_ db: Database, name: String) throws -> DatasetRow {
        guard let row = try find(db, name: name) else {
            throw ReplicaError(.datasetNotFound, "no dataset named \"\(name)\"")
        }
        return row
    }

    /// Every dataset, by name.
    static func all(_ db: Database) throws -> [DatasetRow] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM datasets ORDER BY name").map(DatasetRow.init(row:))
    }

    /// Inserts a new dataset with sequence 0.
    static func insert(_ db: Database, name: String, kind: DatasetKind, epoch: UInt64) throws -> DatasetRow {
        try db.execute(
            sql: "INSERT INTO datasets (name, kind, epoch) VALUES (?, ?, ?)",
            arguments: [name, Int64(kind.rawValue), Int64(bitPattern: epoch)]
        )
        return try load(db, name: name)
    }

    /// Writes back the feed position and the counters.
    func save(_ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "UPDATE datasets SET epoch = ?, sequence = ?, live_count = ?, conflict_count = ? WHERE id = ?"
        )
        try statement.execute(arguments: [
            Int64(bitPattern: epoch), Int64(bitPattern: sequence), liveCount, conflictCount, rowID,
        ])
    }
}
