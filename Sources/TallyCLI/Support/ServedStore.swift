import ArgumentParser
import Logging
import PostgresStore
import Replica
import ServiceLifecycle
import Store

/// Where the server-side verbs (`tally serve`, `tally token`) keep the records: the replica in -C DIR, or a
/// PostgreSQL database shared by every server pointed at it (`--store postgres://...`).
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "postgres://USER@HOST:PORT/DB: keep the records in this PostgreSQL database instead of -C DIR.",
            discussion: "The password comes from --store-password-file, PGPASSWORD or ~/.pgpass, never the URL. "
                + "TLS to the database as libpq does it: ?sslmode=disable|prefer|require|verify-ca|verify-full "
                + "(default prefer; only verify-full checks that the server is the host named), and "
                + "sslrootcert=FILE for the CA certificates (PEM) that verify the server, e.g. "
                + "?sslmode=verify-full&sslrootcert=/etc/tally/db-ca.crt."))
    var url: String?

    @Option(name: .customLong("store-password-file"), help: "A file whose first line is the database's password.")
    var passwordFile: String?
}

/// The store a server-side verb opened: the replica in -C DIR (SQLite) or a PostgreSQL database.
enum ServedStore {
    /// The replica in -C DIR.
    case replica(Replica)
    /// A PostgreSQL database and its connection pool, running from the moment it was opened.
    case postgres(PostgresRecordStore, RunningPool)

    /// The store, as the sessions and the server's operator side use it.
    var store: any RecordStore {
        switch self {
        case .replica(let replica): ReplicaRecordStore(replica: replica)
        case .postgres(let store, _): store
        }
    }

    /// The replica, when the records are in -C DIR (mirrors and their status file need one).
    var replica: Replica? {
        if case .replica(let replica) = self { return replica }
        return nil
    }

    /// What runs beside the server until its graceful shutdown: the PostgreSQL connection pool.
    var service: (any Service)? {
        if case .postgres(_, let pool) = self { return pool }
        return nil
    }

    /// Opens the store `options` name: the PostgreSQL database of `--store`, else the replica in -C DIR (created
    /// when `creating`, as `tally serve` does). `maxClockSkew` is `--max-clock-skew`.
    static func open(
        _ global: GlobalOptions, _ options: StoreOptions, creating: Bool, maxClockSkew: String? = nil,
        logger: Logger = Logger(label: "tally.store")
    ) async throws -> ServedStore {
        guard let url = options.url else {
            return .replica(
                creating
                    ? try ReplicaLocation.openOrCreate(global, maxClockSkew: maxClockSkew)
                    : try ReplicaLocation.open(global))
        }
        do {
            let location = try PostgresLocation(parsing: url)
            let password = try PostgresPassword.resolve(for: location, passwordFile: options.passwordFile) { warning in
                Output.note("tally: warning: \(warning)")
            }
            let replicaOptions = try ClockSkewSetting.replicaOptions(flag: maxClockSkew)
            let store = try await PostgresRecordStore.open(
                location, password: password, options: replicaOptions, logger: logger)
            return .postgres(store, await RunningPool(store))
        } catch let error as PostgresLocationError {
            throw CLIError(error.message)
        }
    }

    /// Opens the store, runs `body` with it, and closes it.
    static func with<T: Sendable>(
        _ global: GlobalOptions, _ options: StoreOptions, _ body: (any RecordStore) async throws -> T
    ) async throws -> T {
        var quiet = Logger(label: "tally.store")
        quiet.logLevel = .error
        let opened = try await open(global, options, creating: false, logger: quiet)
        defer { if case .postgres(_, let pool) = opened { pool.stop() } }
        return try await body(opened.store)
    }
}

/// The connection pool of a PostgreSQL store, running in a task of its own from the moment the store is opened
/// (the checks `tally serve` makes before serving need it) until it is stopped: by `stop()`, or as a `Service`
/// at the graceful shutdown of its group (it is the group's first service, so it stops after the server).
final class RunningPool: Service, Sendable {
    private let task: Task<Void, Never>

    /// Starts `store`'s pool.
    init(_ store: PostgresRecordStore) async {
        task = Task { try? await store.run() }
        // The pool's task starts on another thread; PostgresNIO warns of a connection asked for before `run()`
        // began (it waits, then serves it). A moment lets the pool start first.
        try? await Task.sleep(for: .milliseconds(20))
    }

    /// Stops the pool: its connections close.
    func stop() { task.cancel() }

    /// Waits until graceful shutdown or cancellation, then stops the pool and waits for it.
    func run() async throws {
        let task = self.task
        await cancelWhenGracefulShutdown {
            await withTaskCancellationHandler {
                await task.value
            } onCancel: {
                task.cancel()
            }
        }
        task.cancel()
        await task.value
    }
}
