public import Store
import Foundation
import GRDB
public import Wire

extension Replica {
    /// The default grace period of tombstone collection: 30 days, in milliseconds.
    public static let defaultTombstoneGrace: UInt64 = TombstoneCollection.defaultGrace

    /// Drops the dataset's tombstones that every known peer has pulled and that are older than `grace`
    /// (milliseconds, measured from the clock of the tombstone's winning liveness write to the wall clock).
    ///
    /// A known peer is a site that pulls this dataset from this replica and did so within the grace period; its
    /// position is its last acknowledged pull position in the current epoch (0 in another epoch). A peer away
    /// longer than the grace period is forgotten: when it comes back its cursor is below the horizon, and it
    /// must reconcile. Safety does not rest on this rule: the markers keep any old copy from resurrecting.
    /// Each dropped row leaves a marker: the tombstone without its fields (id, type, version vector, liveness), in a
    /// table outside the feed and the reconcile set. A copy of the record that arrives later is merged with the
    /// marker: an old copy (every write covered) merges back into the tombstone, which is stored again with a new
    /// sequence so the sender learns of the deletion; a record is never resurrected. The dataset's horizon becomes
    /// the highest sequence dropped: a pull cursor below it is stale (the peer must reconcile).
    @discardableResult
    public func collectTombstones(dataset name: String, olderThan grace: UInt64 = Replica.defaultTombstoneGrace)
        throws(ReplicaError) -> TombstoneCollection
    {
        let now = options.wallClock.milliseconds()
        let cutoff = now > grace ? now - grace : 0
        return try write { db in
            let dataset = try DatasetRow.load(db, name: name)
            let passed = try Replica.sequencePassedByEveryPeer(db, dataset: dataset, since: cutoff)
            var horizon = try Replica.horizon(db, datasetID: dataset.rowID)
            let candidates = try Row.fetchAll(
                db,
                sql: "SELECT id, seq FROM record_keys WHERE dataset_id = ? AND deleted = 1 AND seq <= ?",
                arguments: [dataset.rowID, Int64(bitPattern: min(passed, UInt64(Int64.max)))]
            )
            let removeKey = try db.makeStatement(sql: "DELETE FROM record_keys WHERE dataset_id = ? AND id = ?")
            let removeFeedRow = try db.makeStatement(sql: "DELETE FROM record_feed WHERE dataset_id = ? AND seq = ?")
            let mark = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO collected_records (dataset_id, id, state) VALUES (?, ?, ?)"
            )
            let feed = try FeedRowReader(db, dataset: dataset)
            var collected = 0
            for row in candidates {
                let state = try feed.state(at: row[1])
                guard let winner = state.liveness.first, winner.clock.milliseconds <= cutoff else { continue }
                let id: String = row[0]
                var marker = state
                marker.fields = []
                try removeKey.execute(arguments: [dataset.rowID, id])
                try removeFeedRow.execute(arguments: [dataset.rowID, row[1] as Int64])
                try mark.execute(arguments: [dataset.rowID, id, marker.encodedData])
                horizon = max(horizon, UInt64(bitPattern: row[1]))
                collected += 1
            }
            if dataset.conflictCount > 0 {
                // A tombstone in conflict (concurrent delete and re-create) is listed; recount what is left.
                var updated = dataset
                updated.conflictCount =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM record_keys WHERE dataset_id = ? AND conflicted = 1",
                        arguments: [dataset.rowID]
                    ) ?? 0
                try updated.save(db)
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO dataset_horizons (dataset_id, horizon) VALUES (?, ?)",
                arguments: [dataset.rowID, Int64(bitPattern: horizon)]
            )
            return TombstoneCollection(collected: collected, horizon: horizon)
        }
    }

    /// The dataset's horizon: the highest feed sequence of a collected tombstone (0: none collected).
    public func horizon(dataset name: String) throws(ReplicaError) -> UInt64 {
        try read { db in try Replica.horizon(db, datasetID: DatasetRow.load(db, name: name).rowID) }
    }

    static func horizon(_ db: Database, datasetID: Int64) throws -> UInt64 {
        let value = try Int64.fetchOne(
            db, sql: "SELECT horizon FROM dataset_horizons WHERE dataset_id = ?", arguments: [datasetID]
        )
        return UInt64(bitPattern: value ?? 0)
    }

    /// Records that `peer` acknowledged `cursor`, a position in this replica's feed of `dataset`, and that it was
    /// active now. The runs of the feed the peer holds up to there are forgotten (`HeldRun`).
    public func recordDelivery(peer: SiteID, dataset name: String, cursor: FeedCursor) throws(ReplicaError) {
        let now = options.wallClock.milliseconds()
        try write { db in
            try Replica.saveCursor(CursorUpdate(peer: peer, direction: .push, cursor: cursor), dataset: name, db)
            try Replica.notePeerActivity(peer, dataset: name, at: now, db)
            if let dataset = try DatasetRow.find(db, name: name), cursor.epoch == dataset.epoch {
                try Replica.dropHeldRuns(peer: peer, dataset: dataset, through: cursor.sequence, db)
            }
        }
    }

    static func notePeerActivity(_ peer: SiteID, dataset name: String, at now: UInt64, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO peer_activity (peer_site, dataset_name, seen_ms) VALUES (?, ?, ?)
                ON CONFLICT (peer_site, dataset_name) DO UPDATE SET seen_ms = max(seen_ms, excluded.seen_ms)
                """,
            arguments: [peer.data, name, Int64(bitPattern: now)]
        )
    }

    /// The lowest position in this replica's feed acknowledged by a known peer (`UInt64.max` with none): a peer
    /// that pulls from this replica (it has a delivery cursor) and did so at or after `since`. A position in
    /// another epoch counts as 0.
    static func sequencePassedByEveryPeer(_ db: Database, dataset: DatasetRow, since: UInt64) throws -> UInt64 {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT c.epoch, c.sequence FROM peer_cursors c
                LEFT JOIN peer_activity a ON a.peer_site = c.peer_site AND a.dataset_name = c.dataset_name
                WHERE c.dataset_name = ? AND c.direction = ? AND coalesce(a.seen_ms, ?) >= ?
                """,
            arguments: [
                dataset.name, Int64(FeedDirection.push.rawValue), Int64(bitPattern: since), Int64(bitPattern: since),
            ]
        )
        return rows.map { UInt64(bitPattern: $0[0]) == dataset.epoch ? UInt64(bitPattern: $0[1]) : 0 }.min()
            ?? UInt64.max
    }

    /// The marker left by a collected tombstone of `id` (the tombstone without its fields), or `nil`. Merges,
    /// puts and reads of the id start from it, so a re-creation covers the deletion as it would have before
    /// collection.
    static func collectedMarker(_ db: Database, datasetID: Int64, id: String) throws -> RecordState? {
        let statement = try db.cachedStatement(
            sql: "SELECT state FROM collected_records WHERE dataset_id = ? AND id = ?"
        )
        guard let data = try Data.fetchOne(statement, arguments: [datasetID, id]) else { return nil }
        return try RecordState(storedData: data)
    }

    /// Forgets the marker of `id` (its record is stored again).
    static func dropMarker(_ db: Database, datasetID: Int64, id: String) throws {
        try db.execute(
            sql: "DELETE FROM collected_records WHERE dataset_id = ? AND id = ?", arguments: [datasetID, id]
        )
    }

    /// Migration `v4-tombstones`: markers of collected tombstones, per-dataset horizons, and when each peer last
    /// pulled each dataset.
    static func addTombstoneCollection(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE collected_records (
                    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
                    id TEXT NOT NULL,
                    state BLOB NOT NULL,
                    PRIMARY KEY (dataset_id, id)
                ) WITHOUT ROWID;
                CREATE TABLE dataset_horizons (
                    dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id),
                    horizon INTEGER NOT NULL
                );
                CREATE TABLE peer_activity (
                    peer_site BLOB NOT NULL,
                    dataset_name TEXT NOT NULL,
                    seen_ms INTEGER NOT NULL,
                    PRIMARY KEY (peer_site, dataset_name)
                ) WITHOUT ROWID;
                """
        )
    }
}
