import Foundation
import Logging
import NIOCore
import PostgresNIO
import Store
import Wire

/// The one row of `store_meta`: the database's site id and its hybrid logical clock.
enum StoreMeta {
    /// The site id, made (random) by the first server that opens the database; every later one reads it.
    static func siteID(on connection: PostgresConnection, logger: Logger) async throws -> SiteID {
        let fresh = ByteBuffer(bytes: SiteID.random().bytes)
        try await connection.query(
            """
            INSERT INTO store_meta (singleton, site_id, hlc) VALUES (1, \(fresh), 0)
            ON CONFLICT (singleton) DO NOTHING
            """, logger: logger)
        let rows = try await connection.query("SELECT site_id FROM store_meta WHERE singleton = 1", logger: logger)
        for try await bytes in rows.decode(ByteBuffer.self) {
            guard let site = SiteID(data: Data(bytes.readableBytesView)) else { break }
            return site
        }
        throw ReplicaError(.storage, "the store has no site id: the database is damaged")
    }

    /// Locks the clock row until the transaction ends (after the dataset row: `SharedFeed`'s lock order) and
    /// returns the clock as the latest commit left it.
    static func lockClock(
        on connection: PostgresConnection, options: ReplicaOptions, logger: Logger
    ) async throws -> HybridLogicalClock {
        let rows = try await connection.query(
            "SELECT hlc FROM store_meta WHERE singleton = 1 FOR UPDATE", logger: logger)
        var last: Int64 = 0
        for try await hlc in rows.decode(Int64.self) { last = hlc }
        return HybridLogicalClock(
            last: HLCTimestamp(rawValue: UInt64(bitPattern: last)), wallClock: options.wallClock,
            maxDrift: options.maxDrift)
    }

    /// Stores the clock, in the transaction of the writes that used it.
    static func saveClock(_ clock: HybridLogicalClock, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "UPDATE store_meta SET hlc = \(Int64(bitPattern: clock.last.rawValue)) WHERE singleton = 1",
            logger: logger)
    }
}
