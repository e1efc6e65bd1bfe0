public import Logging
import NIOCore
import PostgresNIO
public import ServiceLifecycle
public import Store
import Synchronization
public import Wire

/// The PostgreSQL backend of `RecordStore`: one database is one replica, with one site id, however many servers
/// share it (each with its own `PostgresRecordStore` and connection pool).
///
/// Every call is one transaction on a pooled connection and awaits its I/O (SwiftNIO): no thread of Swift's
/// cooperative pool ever blocks. The semantics are the SQLite backend's (`ReplicaRecordStore`), from the same
/// shared pieces: the gate (`IncomingStates`), the apply rule (`ApplyDecision`), the reconcile digest
/// (`StateDigest`) and the token rules (`TokenSecret`). `SharedFeed` explains how several servers write one
/// change feed without a reader ever skipping a change.
///
/// The pool runs while `run()` runs: run the store in a `ServiceGroup` (it is a `Service`), or use
/// `withStore(_:password:options:logger:_:)`, which runs it around a body.
public final class PostgresRecordStore: RecordStore, Service {
    /// The database.
    public let location: PostgresLocation
    /// This replica's site id (the database's).
    public let siteID: SiteID
    /// The wall clock and clock limits.
    public let options: ReplicaOptions
    /// Where the store logs.
    let logger: Logger
    /// The connection pool.
    let client: PostgresClient
    /// The kinds of the datasets seen so far (a dataset's kind never changes), so the gate needs no read.
    private let kinds = Mutex<[String: DatasetKind]>([:])

    /// The wall clock of the store's hybrid logical clock (`options.wallClock`).
    public var wallClock: WallClock { options.wallClock }
    /// The most (ms) a peer's clock may be ahead before its records are refused (`options.maxDrift`).
    public var maxClockSkew: UInt64 { options.maxDrift }

    private init(
        location: PostgresLocation, siteID: SiteID, options: ReplicaOptions, logger: Logger, client: PostgresClient
    ) {
        self.location = location
        self.siteID = siteID
        self.options = options
        self.logger = logger
        self.client = client
    }

    /// Opens the store in the database at `location`: connects once (so a wrong password, a missing database or
    /// an unreachable server is said at once), brings the schema up to date (`PostgresSchema`, `.newerStore` for
    /// a database a newer tally migrated) and loads the database's site id, making it on first use. The pool of
    /// at most `maximumConnections` connections starts with `run()`.
    public static func open(
        _ location: PostgresLocation,
        password: String?,
        options: ReplicaOptions = ReplicaOptions(),
        maximumConnections: Int = 20,
        logger: Logger = Logger(label: "tally.postgres")
    ) async throws -> PostgresRecordStore {
        do {
            let configuration = try location.connectionConfiguration(password: password)
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: 0, logger: logger)
            let siteID: SiteID
            do {
                try await PostgresSchema.migrate(connection, location: location, logger: logger)
                siteID = try await StoreMeta.siteID(on: connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
            var clientConfiguration = try location.clientConfiguration(
                password: password, maximumConnections: maximumConnections)
            if options.durability == .normal {
                // A commit returns before its WAL is flushed: a crash of the server may lose the last commits.
                clientConfiguration.options.additionalStartupParameters.append(("synchronous_commit", "off"))
            }
            let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
            return PostgresRecordStore(
                location: location, siteID: siteID, options: options, logger: logger, client: client)
        } catch {
            throw PostgresFailure.error(error, at: location)
        }
    }

    /// Runs the connection pool until the task is cancelled or a graceful shutdown begins; no call reaches the
    /// database while it does not run. Call it once.
    public func run() async throws {
        await client.run()
    }

    /// Opens the store, runs it while `body` runs, and stops it after (the tests' and tools' way to use a store).
    public static func withStore<T: Sendable>(
        _ location: PostgresLocation,
        password: String?,
        options: ReplicaOptions = ReplicaOptions(),
        logger: Logger = Logger(label: "tally.postgres"),
        _ body: (PostgresRecordStore) async throws -> T
    ) async throws -> T {
        let store = try await open(location, password: password, options: options, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    // MARK: - Calls

    /// Runs `body` in one transaction of `mode` on a pooled connection. A transaction that a concurrent one got
    /// in the way of (serialization failure, deadlock) changed nothing and runs again, up to three times in all.
    /// Every error comes out as a `ReplicaError`.
    @discardableResult
    func transaction<T: Sendable>(
        _ mode: PostgresTransaction.Mode, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in
                    try await PostgresTransaction.run(on: connection, mode: mode, logger: logger, body)
                }
            } catch {
                if attempt < 3 && PostgresFailure.isTransient(error) {
                    attempt += 1
                    continue
                }
                throw PostgresFailure.error(error, at: location)
            }
        }
    }

    /// Runs `body`, one statement or several that need no common snapshot, on a pooled connection (each statement
    /// is then its own transaction). Every error comes out as a `ReplicaError`.
    @discardableResult
    func statement<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresFailure.error(error, at: location)
        }
    }

    /// `true` when the connection a call gets from the pool is encrypted (the server's `pg_stat_ssl` for it): how
    /// the tests see what an sslmode did.
    package func connectionUsesTLS() async throws -> Bool {
        try await statement { connection in
            let rows = try await connection.query(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: logger)
            var ssl = false
            for try await used in rows.decode(Bool.self) { ssl = used }
            return ssl
        }
    }

    /// The kind of `dataset`, or `nil` when there is no such dataset.
    func kind(of dataset: String) async throws -> DatasetKind? {
        if let kind = kinds.withLock({ $0[dataset] }) { return kind }
        let found = try await statement { connection in
            try await DatasetRow.find(dataset, on: connection, logger: logger)
        }
        guard let kind = found?.kind else { return nil }
        kinds.withLock { $0[dataset] = kind }
        return kind
    }

    /// The wall clock in Unix seconds (tokens keep seconds).
    func nowSeconds() -> Int64 { Int64(options.wallClock.milliseconds() / 1_000) }
}
