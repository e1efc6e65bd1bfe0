import Foundation
public import Logging
import PostgresNIO
public import PostgresStore
public import Store
public import Testing

/// The PostgreSQL server the tests run against: `TALLY_TEST_POSTGRES_URL` (e.g.
/// `postgres://tally@127.0.0.1:PORT/tally`, password in `PGPASSWORD`; `scripts/postgres.sh start DIR` starts
/// one). Each test gets a fresh database, `tally_test_<random>`, dropped after it.
public enum TestDatabase {
    /// The server's URL, or `nil` (the tests that need a server are then skipped).
    public static let url = ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES_URL"]

    /// `true` when a server is configured.
    public static var isConfigured: Bool { url != nil }

    /// Why the server's tests are skipped.
    public static let skipped = Comment(
        rawValue: "set TALLY_TEST_POSTGRES_URL=postgres://tally@127.0.0.1:PORT/tally (password in PGPASSWORD) to "
            + "run the PostgreSQL store's tests; scripts/postgres.sh start DIR starts a server")

    /// The CA certificate (PEM) of the server's TLS certificate: `TALLY_TEST_POSTGRES_ROOTCERT`
    /// (`scripts/postgres.sh start DIR` makes `DIR/root.crt`, for a certificate with the SAN
    /// `IP:127.0.0.1,DNS:localhost`), or `nil` (the TLS tests are then skipped).
    public static let rootCertificate = ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES_ROOTCERT"]

    /// `true` when a server with TLS is configured.
    public static var isTLSConfigured: Bool { url != nil && rootCertificate != nil }

    /// Why the TLS tests are skipped.
    public static let tlsSkipped = Comment(
        rawValue: "set TALLY_TEST_POSTGRES_URL and TALLY_TEST_POSTGRES_ROOTCERT=DIR/root.crt (the CA of the server's "
            + "certificate) to run the PostgreSQL TLS tests; scripts/postgres.sh start DIR starts a server with TLS")

    /// A logger that says only warnings and worse.
    public static var logger: Logger {
        var logger = Logger(label: "tally.postgres.tests")
        logger.logLevel = .warning
        return logger
    }

    /// The configured server's location and password.
    public static func server() throws -> (PostgresLocation, String?) {
        let location = try PostgresLocation(parsing: try #require(url))
        return (location, try PostgresPassword.resolve(for: location))
    }

    /// Runs `body` with a fresh, empty database on the configured server, dropped after.
    public static func withFreshDatabase<T>(_ body: (PostgresLocation, String?) async throws -> T) async throws -> T {
        let (server, password) = try server()
        let name = "tally_test_\(UInt64.random(in: 0...UInt64.max))"
        try await admin(server, password, "CREATE DATABASE \(name)")
        var location = server
        location.database = name
        do {
            let result = try await body(location, password)
            await drop(name, on: server, password)
            return result
        } catch {
            await drop(name, on: server, password)
            throw error
        }
    }

    /// Drops database `name`: cleanup, never a test's failure. `WITH (FORCE)` cannot end an autovacuum worker that
    /// happens to be in the database (the role is no superuser), so a refused drop is tried again a few times; a
    /// database left over is removed with the throwaway cluster.
    private static func drop(_ name: String, on server: PostgresLocation, _ password: String?) async {
        for attempt in 1...5 {
            do {
                try await admin(server, password, "DROP DATABASE \(name) WITH (FORCE)")
                return
            } catch {
                try? await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    /// Runs `body` with a store over a fresh database, running while `body` runs.
    public static func withStore<T: Sendable>(
        options: ReplicaOptions = ReplicaOptions(), _ body: (PostgresRecordStore) async throws -> T
    ) async throws -> T {
        try await withFreshDatabase { location, password in
            try await PostgresRecordStore.withStore(location, password: password, options: options, logger: logger) {
                try await body($0)
            }
        }
    }

    /// Runs one statement on the database of `location` (outside the store).
    public static func admin(_ location: PostgresLocation, _ password: String?, _ sql: String) async throws {
        // Said as the store says it (the test server down, a wrong password), not as PSQLError's blanked text.
        do {
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
        } catch {
            throw PostgresFailure.error(error, at: location)
        }
    }

    /// The rows of one query on the database of `location`, each cell as text (`nil` for NULL): the query casts its
    /// columns `::text`.
    public static func rows(_ location: PostgresLocation, _ password: String?, _ sql: String) async throws
        -> [[String?]]
    {
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: location.host, port: location.port, username: location.user, password: password,
                database: location.database, tls: .disable),
            id: 1, logger: logger)
        var result: [[String?]] = []
        do {
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                result.append(row.map { cell in cell.bytes.map { String(buffer: $0) } })
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
        return result
    }
}
