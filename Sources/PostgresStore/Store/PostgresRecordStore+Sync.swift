import NIOCore
import PostgresNIO
public import Store
public import Wire

extension PostgresRecordStore {
    /// Up to `limit` feed rows after `sequence` from one snapshot, leaving out the states `peer` sent as they are
    /// (`SharedFeed.read`).
    public func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?)
        async throws -> ChangeSlice
    {
        try await statement { connection in
            try await SharedFeed.read(
                dataset, after: sequence, limit: limit, excluding: peer, on: connection, logger: logger)
        }
    }

    /// Checks the batch at the gate (`IncomingStates.check`), then applies it in ONE transaction (`apply`).
    public func applyBatch(dataset name: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor)
        async throws -> ApplyResult
    {
        guard let kind = try await kind(of: name) else { throw DatasetRow.notFound(name) }
        try IncomingStates.check(records, in: kind, dataset: name)
        return try await transaction(.write) { connection in
            try await apply(
                records, to: name, from: peer, cursor: CursorUpdate(peer: peer, direction: .pull, cursor: cursor),
                on: connection)
        }
    }

    /// Applies one batch inside the write transaction on `connection`: locks the dataset's row (`SharedFeed`),
    /// then the clock's, runs the engine's checks (`IncomingStates.engineCheck`, the clock), loads every stored
    /// state of the batch's ids in one round trip, decides each record (`BatchPlan`), writes the rows with a few
    /// set-based statements, and saves the dataset's sequence and counters, the clock and `cursor`.
    func apply(
        _ records: [RecordState], to name: String, from peer: SiteID, cursor: CursorUpdate,
        on connection: PostgresConnection
    ) async throws -> ApplyResult {
        let dataset = try await SharedFeed.lock(name, on: connection, logger: logger)
        let (highest, latest) = try IncomingStates.engineCheck(records, in: dataset.kind, dataset: name)
        var clock = try await StoreMeta.lockClock(on: connection, options: options, logger: logger)
        do throws(ReplicaError) {
            try clock.receive(highest)
        } catch {
            throw IncomingStates.clockRefusal(error, record: latest, clock: highest, dataset: name)
        }
        let incoming = records.map(IncomingRecord.init)
        let stored = try await BatchPlan.load(incoming, dataset: dataset, on: connection, logger: logger)
        var plan = BatchPlan(dataset: dataset, stored: stored)
        for record in incoming { try plan.apply(record, from: peer) }
        try await plan.write(on: connection, logger: logger)
        try await StoreMeta.saveClock(clock, on: connection, logger: logger)
        try await PeerCursors.save(cursor, dataset: name, on: connection, logger: logger)
        return plan.outcome
    }

    /// The cursor of `peer` on `dataset` in `direction` (a pull cursor is saved with the batch it ends).
    public func cursor(peer: SiteID, dataset: String, direction: FeedDirection) async throws -> FeedCursor? {
        try await statement { connection in
            try await PeerCursors.load(
                peer: peer, dataset: dataset, direction: direction, on: connection, logger: logger)
        }
    }

    /// Saves the push cursor and notes that `peer` was active now (tombstone collection's known peers).
    public func recordDelivered(peer: SiteID, dataset: String, cursor: FeedCursor) async throws {
        let now = Int64(bitPattern: options.wallClock.milliseconds())
        try await transaction(.write) { connection in
            try await PeerCursors.save(
                CursorUpdate(peer: peer, direction: .push, cursor: cursor), dataset: dataset, on: connection,
                logger: logger)
            try await connection.query(
                """
                INSERT INTO peer_activity (peer, dataset_name, seen_ms)
                VALUES (\(ByteBuffer(bytes: peer.bytes)), \(dataset), \(now))
                ON CONFLICT (peer, dataset_name) DO UPDATE SET seen_ms = GREATEST(peer_activity.seen_ms, excluded.seen_ms)
                """, logger: logger)
        }
    }
}
