import PostgresNIO
public import Store
public import Wire

extension PostgresRecordStore {
    /// One dataset with its feed position, counters and horizon, or `nil`.
    public func dataset(named name: String) async throws -> DatasetInfo? {
        try await statement { connection in
            try await DatasetRow.find(name, on: connection, logger: logger)?.info
        }
    }

    /// Creates the dataset with a fresh random epoch. Throws `.invalidName`, or `.datasetExists` (also when
    /// another server created it a moment before).
    public func createDataset(name: String, kind: DatasetKind) async throws {
        guard DatasetInfo.isValidName(name) else {
            throw ReplicaError(
                .invalidName, "invalid dataset name \"\(name)\": use 1-64 characters of A-Z a-z 0-9 . _ -")
        }
        let created = try await statement { connection in
            try await DatasetRow.create(name, kind: kind, on: connection, logger: logger)
        }
        guard created else { throw ReplicaError(.datasetExists, "dataset \"\(name)\" already exists") }
    }

    /// Every dataset with its feed position, counters and horizon, sorted by name (byte order).
    public func datasets() async throws -> [DatasetInfo] {
        try await statement { connection in
            try await DatasetRow.all(on: connection, logger: logger).map(\.info)
        }
    }

    /// Per dataset, the records it holds, tombstones included (a count over `record_keys`).
    public func storedRecordCounts() async throws -> [String: Int] {
        try await statement { connection in
            let rows = try await connection.query(
                "SELECT d.name, (SELECT count(*) FROM record_keys k WHERE k.dataset_id = d.id) FROM datasets d",
                logger: logger)
            var counts: [String: Int] = [:]
            for try await (name, count) in rows.decode((String, Int64).self) { counts[name] = Int(count) }
            return counts
        }
    }

    /// Remembers what a handshake measured of `measurement.peer`'s clock; the newest measurement replaces the peer's
    /// older one.
    public func recordPeerClock(_ measurement: PeerClock) async throws {
        try await statement { connection in
            // The measurement order, not the wall clocks, says which measurement is the newest.
            try await connection.query(
                """
                INSERT INTO peer_clocks (peer, peer_ms, local_ms, measured)
                VALUES (\(ByteBuffer(bytes: measurement.peer.bytes)), \(Int64(bitPattern: measurement.peerClock)),
                    \(Int64(bitPattern: measurement.localClock)), nextval('peer_clock_measurements'))
                ON CONFLICT (peer) DO UPDATE SET
                    peer_ms = excluded.peer_ms, local_ms = excluded.local_ms, measured = excluded.measured
                """, logger: logger)
        }
    }
}
