import Foundation
import Replica
import Store
import TestSupport
import Testing

/// A store backend the conformance suite runs against. `run` gives the body a fresh, empty store of that backend
/// and removes it afterwards; every test of the suite runs once per backend.
struct StoreBackend: Sendable, CustomTestStringConvertible {
    /// The backend's name, as the test's argument shows it.
    let name: String
    /// Runs `body` with a fresh store whose wall clock is `clock`.
    let run:
        @Sendable (_ clock: WallClock, _ body: @Sendable (any RecordStore) async throws -> Void) async throws -> Void

    var testDescription: String { name }

    /// SQLite: a `Replica` in a temporary folder, through `ReplicaRecordStore`.
    static let sqlite = StoreBackend(name: "sqlite") { clock, body in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-conf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let replica = try Replica.create(at: folder.path, options: ReplicaOptions(wallClock: clock))
        try await body(ReplicaRecordStore(replica: replica))
    }

    /// PostgreSQL: a fresh database on the server of `TALLY_TEST_POSTGRES_URL` (password in `PGPASSWORD`; the
    /// test command starts one with scripts/postgres.sh), through `PostgresRecordStore`, dropped after.
    static let postgres = StoreBackend(name: "postgres") { clock, body in
        try await TestDatabase.withStore(options: ReplicaOptions(wallClock: clock)) { try await body($0) }
    }

    /// The PostgreSQL server of the tests, or `nil` when none was started (the PostgreSQL half then does not run:
    /// `scripts/test.sh` says why).
    static let postgresURL = TestDatabase.url

    /// Every backend this run can reach.
    static let all: [StoreBackend] = [.sqlite] + (postgresURL == nil ? [] : [.postgres])
}
