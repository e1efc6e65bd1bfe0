import Foundation
import Logging
import PostgresNIO
import PostgresStore
import Replica
import Store
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
        let server = try PostgresLocation(parsing: try #require(postgresURL))
        let password = try PostgresPassword.resolve(for: server)
        var logger = Logger(label: "tally.conformance")
        logger.logLevel = .warning
        let name = "tally_conf_\(UInt64.random(in: 0...UInt64.max))"
        try await admin(server, password, "CREATE DATABASE \(name)", logger: logger)
        var location = server
        location.database = name
        do {
            try await PostgresRecordStore.withStore(
                location, password: password, options: ReplicaOptions(wallClock: clock), logger: logger
            ) { try await body($0) }
        } catch {
            try? await admin(server, password, "DROP DATABASE \(name) WITH (FORCE)", logger: logger)
            throw error
        }
        try await admin(server, password, "DROP DATABASE \(name) WITH (FORCE)", logger: logger)
    }

    /// The PostgreSQL server of the tests, or `nil` when none was started (the PostgreSQL half then does not run:
    /// `scripts/test.sh` says why).
    static let postgresURL = ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES_URL"]

    /// Every backend this run can reach.
    static let all: [StoreBackend] = [.sqlite] + (postgresURL == nil ? [] : [.postgres])

    /// Runs one statement on the server's database (outside any store).
    static func admin(_ location: PostgresLocation, _ password: String?, _ sql: String, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: location.host, port: location.port, username: location.user, password: password,
                database: location.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
