import NIOCore
import PostgresNIO
public import Store
import Wire

extension PostgresRecordStore {
    /// Drops the dataset's tombstones that every known peer has passed and that are older than `grace` (ms, from
    /// the clock of the tombstone's winning liveness write to the wall clock), leaving their markers, and raises the
    /// horizon: the SQLite backend's rule (`Replica.collectTombstones`), under the dataset's lock (`SharedFeed`).
    public func collectTombstones(dataset name: String, olderThan grace: UInt64) async throws -> TombstoneCollection {
        let now = options.wallClock.milliseconds()
        let cutoff = now > grace ? now - grace : 0
        return try await transaction(.write) { connection in
            var dataset = try await SharedFeed.lock(name, on: connection, logger: logger)
            let passed = try await sequencePassedByEveryPeer(dataset, since: cutoff, on: connection)
            let candidates = try await connection.query(
                """
                SELECT k.id, k.seq, f.state FROM record_keys k
                JOIN record_feed f ON f.dataset_id = k.dataset_id AND f.seq = k.seq
                WHERE k.dataset_id = \(dataset.id) AND k.deleted AND k.seq <= \(Int64(bitPattern: min(passed, UInt64(Int64.max))))
                """, logger: logger)
            var ids: [String] = []
            var sequences: [Int64] = []
            var markers: [ByteBuffer] = []
            for try await (id, sequence, bytes) in candidates.decode((String, Int64, ByteBuffer).self) {
                let state = try bytes.withUnsafeReadableBytes { buffer throws(ReplicaError) in
                    try RecordState(storedBytes: buffer)
                }
                guard let winner = state.liveness.first, winner.clock.milliseconds <= cutoff else { continue }
                var marker = state
                marker.fields = []
                ids.append(id)
                sequences.append(sequence)
                var encoded = ByteBuffer()
                marker.write(to: &encoded)
                markers.append(encoded)
                dataset.horizon = max(dataset.horizon, UInt64(bitPattern: sequence))
            }
            if !ids.isEmpty {
                try await connection.query(
                    "DELETE FROM record_keys WHERE dataset_id = \(dataset.id) AND id = ANY(\(ids)::text[])",
                    logger: logger)
                try await connection.query(
                    "DELETE FROM record_feed WHERE dataset_id = \(dataset.id) AND seq = ANY(\(sequences)::int8[])",
                    logger: logger)
                try await connection.query(
                    """
                    INSERT INTO collected_records (dataset_id, id, state)
                    SELECT \(dataset.id), t.id, t.state FROM unnest(\(ids)::text[], \(markers)::bytea[]) AS t(id, state)
                    ON CONFLICT (dataset_id, id) DO UPDATE SET state = excluded.state
                    """, logger: logger)
            }
            if dataset.conflictCount > 0 {
                // A tombstone in conflict (concurrent delete and re-create) is listed; recount what is left.
                let rows = try await connection.query(
                    "SELECT count(*) FROM record_keys WHERE dataset_id = \(dataset.id) AND conflicted", logger: logger)
                for try await count in rows.decode(Int64.self) { dataset.conflictCount = Int(count) }
            }
            try await SharedFeed.save(dataset, on: connection, logger: logger)
            return TombstoneCollection(collected: ids.count, horizon: dataset.horizon)
        }
    }

    /// The lowest position in this store's feed of `dataset` acknowledged by a known peer (`UInt64.max` with
    /// none): a peer with a delivery cursor that was active at or after `since`. A position in another epoch
    /// counts as 0.
    private func sequencePassedByEveryPeer(_ dataset: DatasetRow, since: UInt64, on connection: PostgresConnection)
        async throws -> UInt64
    {
        let since = Int64(bitPattern: since)
        let rows = try await connection.query(
            """
            SELECT c.epoch, c.sequence FROM peer_cursors c
            LEFT JOIN peer_activity a ON a.peer = c.peer AND a.dataset_name = c.dataset_name
            WHERE c.dataset_name = \(dataset.name) AND c.direction = \(Int16(FeedDirection.push.rawValue))
                AND coalesce(a.seen_ms, \(since)) >= \(since)
            """, logger: logger)
        var lowest = UInt64.max
        for try await (epoch, sequence) in rows.decode((Int64, Int64).self) {
            lowest = min(lowest, UInt64(bitPattern: epoch) == dataset.epoch ? UInt64(bitPattern: sequence) : 0)
        }
        return lowest
    }
}
