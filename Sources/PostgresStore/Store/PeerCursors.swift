import Logging
import NIOCore
import PostgresNIO
import Store
import Wire

/// The `peer_cursors` table: per peer, dataset name and direction, a position in a feed (ours or the peer's).
enum PeerCursors {
    /// Saves `update` for `dataset`, in the caller's transaction.
    static func save(_ update: CursorUpdate, dataset: String, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO peer_cursors (peer, dataset_name, direction, epoch, sequence)
            VALUES (\(ByteBuffer(bytes: update.peer.bytes)), \(dataset), \(Int16(update.direction.rawValue)),
                \(Int64(bitPattern: update.cursor.epoch)), \(Int64(bitPattern: update.cursor.sequence)))
            ON CONFLICT (peer, dataset_name, direction) DO UPDATE SET epoch = excluded.epoch, sequence = excluded.sequence
            """, logger: logger)
    }

    /// The cursor of `peer` on `dataset` in `direction`, or `nil`.
    static func load(
        peer: SiteID, dataset: String, direction: FeedDirection, on connection: PostgresConnection, logger: Logger
    ) async throws -> FeedCursor? {
        let rows = try await connection.query(
            """
            SELECT epoch, sequence FROM peer_cursors
            WHERE peer = \(ByteBuffer(bytes: peer.bytes)) AND dataset_name = \(dataset)
                AND direction = \(Int16(direction.rawValue))
            """, logger: logger)
        for try await (epoch, sequence) in rows.decode((Int64, Int64).self) {
            return FeedCursor(epoch: UInt64(bitPattern: epoch), sequence: UInt64(bitPattern: sequence))
        }
        return nil
    }
}
