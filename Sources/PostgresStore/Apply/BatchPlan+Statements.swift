import Logging
import NIOCore
import PostgresNIO
import Store
import Wire

extension BatchPlan {
    /// What the store holds for the ids of `incoming` in `dataset`, in one round trip: each stored record's feed
    /// sequence and digest (primary-key lookups in `record_keys` and `record_feed`), its state only when the
    /// digest differs from the incoming one's (an identical state is not even sent), and the markers of
    /// collected tombstones.
    ///
    /// Each id is looked up through a `LATERAL … LIMIT 1` subquery: a plain join of the `unnest` to `record_keys`
    /// lets the planner hash the whole dataset's keys (a sequential scan, seen with EXPLAIN on 100,000 keys),
    /// where this keeps it to one primary-key probe per id.
    static func load(
        _ incoming: [IncomingRecord], dataset: DatasetRow, on connection: PostgresConnection, logger: Logger
    ) async throws -> [String: StoredRecord] {
        // The first state of each id: its digest picks out an identical stored state, which then is that state.
        var first: [String: IncomingRecord] = [:]
        first.reserveCapacity(incoming.count)
        var ids: [String] = []
        var digests: [ByteBuffer] = []
        for record in incoming where first[record.state.id] == nil {
            first[record.state.id] = record
            ids.append(record.state.id)
            digests.append(ByteBuffer(bytes: record.digest))
        }
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT k.id, k.seq, k.digest, CASE WHEN k.digest = i.digest THEN NULL ELSE f.state END, false
            FROM unnest(\(ids)::text[], \(digests)::bytea[]) AS i(id, digest)
            CROSS JOIN LATERAL (
                SELECT id, seq, digest FROM record_keys WHERE dataset_id = \(dataset.id) AND id = i.id LIMIT 1
            ) k
            JOIN record_feed f ON f.dataset_id = \(dataset.id) AND f.seq = k.seq
            UNION ALL
            SELECT m.id, NULL, NULL, m.state, true FROM unnest(\(ids)::text[]) AS i(id)
            CROSS JOIN LATERAL (
                SELECT id, state FROM collected_records WHERE dataset_id = \(dataset.id) AND id = i.id LIMIT 1
            ) m
            """, logger: logger)
        var stored: [String: StoredRecord] = [:]
        stored.reserveCapacity(ids.count)
        for try await (id, sequence, digest, state, isMarker) in rows.decode(
            (String, Int64?, ByteBuffer?, ByteBuffer?, Bool).self)
        {
            if isMarker {
                // A marker exists only for an id with no row; a row, if both were there, wins.
                guard stored[id] == nil, let state else { continue }
                stored[id] = StoredRecord(stored: .collected(marker: try decode(state)), digest: nil, feedRow: nil)
                continue
            }
            guard let sequence, let digest else { continue }
            let value: RecordState
            if let state {
                value = try decode(state)
            } else if let same = first[id] {
                value = same.state
            } else {
                continue
            }
            stored[id] = StoredRecord(
                stored: .record(value), digest: Array(digest.readableBytesView), feedRow: sequence)
        }
        return stored
    }

    /// Writes the plan in the transaction that holds the dataset's lock: the replaced feed rows go, the new rows
    /// come, the keys are upserted and the dropped markers deleted, with one statement each (arrays through
    /// `unnest`), then the dataset's sequence and counters.
    func write(on connection: PostgresConnection, logger: Logger) async throws {
        let datasetID = dataset.id
        if !replacedRows.isEmpty {
            try await connection.query(
                "DELETE FROM record_feed WHERE dataset_id = \(datasetID) AND seq = ANY(\(replacedRows)::int8[])",
                logger: logger)
        }
        let rows = self.rows
        if !rows.isEmpty {
            let sequences = rows.map(\.sequence)
            // `unnest` takes no NULL out of a bytea[] bound as an array of values: no source is the empty string.
            let sources = rows.map { ByteBuffer(bytes: $0.source?.bytes ?? []) }
            try await connection.query(
                """
                INSERT INTO record_feed (dataset_id, seq, state, source_peer)
                SELECT \(datasetID), t.seq, t.state, NULLIF(t.source, ''::bytea)
                FROM unnest(\(sequences)::int8[], \(rows.map(\.state))::bytea[], \(sources)::bytea[])
                    AS t(seq, state, source)
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO record_keys (dataset_id, id, seq, type, deleted, conflicted, digest)
                SELECT \(datasetID), t.id, t.seq, t.type, t.deleted, t.conflicted, t.digest
                FROM unnest(
                    \(rows.map(\.id))::text[], \(sequences)::int8[], \(rows.map { Int16($0.type.rawValue) })::int2[],
                    \(rows.map(\.deleted))::bool[], \(rows.map(\.conflicted))::bool[],
                    \(rows.map { ByteBuffer(bytes: $0.digest) })::bytea[]
                ) AS t(id, seq, type, deleted, conflicted, digest)
                ON CONFLICT (dataset_id, id) DO UPDATE SET
                    seq = excluded.seq, type = excluded.type, deleted = excluded.deleted,
                    conflicted = excluded.conflicted, digest = excluded.digest
                """, logger: logger)
        }
        if !droppedMarkers.isEmpty {
            try await connection.query(
                "DELETE FROM collected_records WHERE dataset_id = \(datasetID) AND id = ANY(\(droppedMarkers)::text[])",
                logger: logger)
        }
        try await SharedFeed.save(dataset, on: connection, logger: logger)
    }

    private static func decode(_ bytes: ByteBuffer) throws(ReplicaError) -> RecordState {
        try bytes.withUnsafeReadableBytes { buffer throws(ReplicaError) in try RecordState(storedBytes: buffer) }
    }
}
