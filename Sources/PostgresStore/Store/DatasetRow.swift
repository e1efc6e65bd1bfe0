import Logging
import PostgresNIO
import Store
import Wire

/// One row of the `datasets` table: a dataset's feed position (epoch, sequence), its counters and its horizon.
struct DatasetRow: Sendable {
    var id: Int64
    var name: String
    var kind: DatasetKind
    var epoch: UInt64
    var sequence: UInt64
    var recordCount: Int
    var conflictCount: Int
    var horizon: UInt64

    /// The columns `init(_:)` decodes, in order.
    static let columns = "id, name, kind, epoch, sequence, record_count, conflict_count, horizon"

    /// Decodes a row of `columns`.
    init(_ row: PostgresRow) throws {
        let (id, name, kind, epoch, sequence, records, conflicts, horizon) = try row.decode(
            (Int64, String, Int16, Int64, Int64, Int64, Int64, Int64).self)
        guard let datasetKind = DatasetKind(rawValue: UInt8(truncatingIfNeeded: kind)) else {
            throw ReplicaError(.storage, "dataset \(name) has an unknown kind \(kind): the store is damaged")
        }
        self.id = id
        self.name = name
        self.kind = datasetKind
        self.epoch = UInt64(bitPattern: epoch)
        self.sequence = UInt64(bitPattern: sequence)
        recordCount = Int(records)
        conflictCount = Int(conflicts)
        self.horizon = UInt64(bitPattern: horizon)
    }

    var info: DatasetInfo {
        DatasetInfo(
            name: name, kind: kind, epoch: epoch, sequence: sequence, recordCount: recordCount,
            conflictCount: conflictCount, horizon: horizon)
    }

    /// The error for a dataset that does not exist (the words SQLite's backend uses).
    static func notFound(_ name: String) -> ReplicaError {
        ReplicaError(.datasetNotFound, "no dataset named \"\(name)\"")
    }

    /// The dataset called `name`, or `nil`, as the statement's snapshot sees it (no lock).
    static func find(_ name: String, on connection: PostgresConnection, logger: Logger) async throws -> DatasetRow? {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM datasets WHERE name = \(name)", logger: logger)
        for try await row in rows { return try DatasetRow(row) }
        return nil
    }

    /// Every dataset, by name (byte order).
    static func all(on connection: PostgresConnection, logger: Logger) async throws -> [DatasetRow] {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM datasets ORDER BY name", logger: logger)
        var datasets: [DatasetRow] = []
        for try await row in rows { datasets.append(try DatasetRow(row)) }
        return datasets
    }

    /// Creates dataset `name` of `kind` with a fresh random epoch; `false` when it exists already (another server
    /// may have created it a moment before).
    static func create(_ name: String, kind: DatasetKind, on connection: PostgresConnection, logger: Logger)
        async throws -> Bool
    {
        var generator = SystemRandomNumberGenerator()
        let epoch = Int64(bitPattern: generator.next())
        let rows = try await connection.query(
            """
            INSERT INTO datasets (name, kind, epoch) VALUES (\(name), \(Int16(kind.rawValue)), \(epoch))
            ON CONFLICT (name) DO NOTHING RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
