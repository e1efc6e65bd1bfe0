import GRDB
@testable import Replica
import Store
import Testing
import Wire

/// The durability a replica is opened with is the one its commits get: with the default, `.full`, a commit is on
/// disk when it returns (SQLite's `synchronous = FULL` on the connection that writes), whatever the database
/// library sets up when it turns WAL mode on.
@Suite struct DurabilityTests {
    /// The writer connection's `PRAGMA synchronous`: 2 is FULL, 1 is NORMAL.
    private static func synchronous(_ replica: Replica) throws -> Int? {
        try replica.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    @Test func aCreatedAndAReopenedReplicaCommitWithFullSynchronousByDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.subdirectory("replica")
        do {
            let created = try Replica.create(at: path)
            #expect(try Self.synchronous(created) == 2)
        }
        let reopened = try Replica.open(at: path)
        #expect(try Self.synchronous(reopened) == 2)
        try reopened.createDataset(named: "results", kind: .election)
        #expect(try Self.synchronous(reopened) == 2, "a write does not change the durability")
    }

    @Test func normalDurabilityIsNormalSynchronous() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.subdirectory("replica")
        _ = try Replica.create(at: path)
        let replica = try Replica.open(at: path, options: ReplicaOptions(durability: .normal))
        #expect(try Self.synchronous(replica) == 1)
    }
}
