public import Store
import Foundation
import GRDB
import Wire

extension Replica {
    /// Remembers what a handshake with `peer` measured (the newest measurement replaces the peer's older one and
    /// becomes the one local writes are checked against), whether or not the handshake was then refused.
    public func recordPeerClock(_ measurement: PeerClock) throws(ReplicaError) {
        try write { db in
            // REPLACE deletes and re-inserts: the row id orders measurements by when they were made, whatever the
            // wall clocks said.
            try db.execute(
                sql: "INSERT OR REPLACE INTO peer_clocks (peer_site, peer_ms, local_ms) VALUES (?, ?, ?)",
                arguments: [
                    measurement.peer.data, Int64(bitPattern: measurement.peerClock),
                    Int64(bitPattern: measurement.localClock),
                ]
            )
        }
    }

    /// The last measurement of each peer's clock, newest first.
    public func peerClocks() throws(ReplicaError) -> [PeerClock] {
        try read { db in try Replica.peerClocks(db, limit: nil) }
    }

    static func peerClocks(_ db: Database, limit: Int?) throws -> [PeerClock] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT peer_site, peer_ms, local_ms FROM peer_clocks ORDER BY rowid DESC LIMIT ?",
            arguments: [limit ?? -1]
        )
        return rows.compactMap { row in
            let data: Data = row[0]
            guard let site = SiteID(data: data) else { return nil }
            let peer: Int64 = row[1]
            let local: Int64 = row[2]
            return PeerClock(peer: site, peerClock: UInt64(bitPattern: peer), localClock: UInt64(bitPattern: local))
        }
    }

    /// The clock of a local write (put, import, resolve, delete), after checking that the wall clock is plausible
    /// (Protocol.md §5, "Local writes"): not before 2025-01-01; and not, by the newest measurements of the last
    /// three peers (all must agree), more than the maximum skew behind the clocks they showed, nor still more than
    /// the maximum skew ahead of them (until the clock is set back or the maximum skew passes). Throws
    /// `.clockImplausible`, writing nothing.
    func localWriteClock(_ db: Database) throws -> HybridLogicalClock {
        let now = options.wallClock.milliseconds()
        let limit = options.maxDrift
        let retry = "set the clock and retry (nothing was written)"
        guard now >= ClockSkew.earliestPlausible else {
            throw ReplicaError(
                .clockImplausible,
                "this machine's clock says \(ClockSkew.date(now)), before \(ClockSkew.date(ClockSkew.earliestPlausible)): "
                    + retry
            )
        }
        // The newest measurements of the last few peers must all agree: one peer with a bad clock (a laptop a year
        // off connecting to a server) does not block the local writes of a replica whose clock is right.
        let recent = try Replica.peerClocks(db, limit: Replica.clockWitnesses)
        if let last = recent.first {
            let peer = "replica \(last.peer.hex.prefix(8))"
            if recent.allSatisfy({ Replica.isBehind(now, $0, limit: limit) }) {
                throw ReplicaError(
                    .clockImplausible,
                    "this machine's clock (\(ClockSkew.date(now))) is \(ClockSkew.duration(last.peerClock - now)) "
                        + "behind the clock \(peer) showed at the last sync (\(ClockSkew.date(last.peerClock)); "
                        + "limit \(ClockSkew.duration(limit))): " + retry
                )
            }
            if recent.allSatisfy({ Replica.isAhead(now, $0, limit: limit) }) {
                throw ReplicaError(
                    .clockImplausible,
                    "this machine's clock was \(ClockSkew.duration(last.skew.magnitude)) ahead of \(peer)'s at the "
                        + "last sync (\(ClockSkew.date(last.localClock)) here, \(ClockSkew.date(last.peerClock)) "
                        + "there; limit \(ClockSkew.duration(limit))): set the clock, sync again, and retry "
                        + "(nothing was written)"
                )
            }
        }
        return try loadClock(db)
    }

    /// How many peers' newest measurements must agree before a local write is refused for them.
    static let clockWitnesses = 3

    /// `now` is more than `limit` behind the clock the peer showed: time only goes forward, so this machine's
    /// clock was set back since (or the peer's was ahead).
    static func isBehind(_ now: UInt64, _ measured: PeerClock, limit: UInt64) -> Bool {
        let (floor, overflow) = measured.peerClock.subtractingReportingOverflow(limit)
        return !overflow && now < floor
    }

    /// The peer found this clock more than `limit` ahead, and since then the clock has not been set back and less
    /// than `limit` has passed on it (after that the measurement is too old to tell a set clock from time passing).
    static func isAhead(_ now: UInt64, _ measured: PeerClock, limit: UInt64) -> Bool {
        measured.skew < 0 && measured.skew.magnitude > limit && now >= measured.localClock
            && now - measured.localClock <= limit
    }

    /// Migration `v6-peer-clocks`: the last wall clock each peer showed at a handshake (a rowid table, so the
    /// newest measurement is the highest row id).
    static func addPeerClocks(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE peer_clocks (
                    peer_site BLOB PRIMARY KEY,
                    peer_ms INTEGER NOT NULL,
                    local_ms INTEGER NOT NULL
                );
                """
        )
    }
}
