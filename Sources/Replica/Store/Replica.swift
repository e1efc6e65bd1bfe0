public import Store
import Foundation
import GRDB
public import Wire

/// A replica: the versioned record store of one directory, in `DIR/.tally/replica.sqlite` (SQLite in WAL mode).
///
/// Every write is versioned (hybrid logical clock, per-field writes, a version vector per record) and every
/// change of a record takes the next number of its dataset's change feed. The API is synchronous and
/// thread-safe: reads run concurrently, writes are serialised, each call is one transaction and a call that
/// throws has changed nothing.
public final class Replica: Sendable {
    /// The name of the folder that marks a replica directory.
    public static let folderName = ".tally"
    /// The store file's name inside that folder.
    public static let fileName = "replica.sqlite"

    /// This replica's identity, fixed at creation.
    public let siteID: SiteID
    /// The replica directory (the one that holds `.tally`).
    public let directory: String
    /// How the store was opened.
    public let options: ReplicaOptions
    let pool: DatabasePool

    private init(directory: String, pool: DatabasePool, siteID: SiteID, options: ReplicaOptions) {
        self.directory = directory
        self.pool = pool
        self.siteID = siteID
        self.options = options
    }

    /// Makes a new replica in `directory` (created if missing), with a fresh random site id.
    ///
    /// Throws `.alreadyAReplica` if the directory already holds one.
    public static func create(at directory: String, options: ReplicaOptions = ReplicaOptions()) throws(ReplicaError)
        -> Replica
    {
        let folder = (directory as NSString).appendingPathComponent(folderName)
        let file = (folder as NSString).appendingPathComponent(fileName)
        guard !FileManager.default.fileExists(atPath: file) else {
            throw ReplicaError(.alreadyAReplica, "\(directory) is already a tally replica")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReplicaError(.storage, "cannot create \(folder): \(error.localizedDescription)")
        }
        let siteID = SiteID.random()
        let pool = try openPool(file, options: options)
        try storageErrors(file: file) {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO meta (singleton, site_id, hlc) VALUES (1, ?, 0)",
                    arguments: [siteID.data]
                )
            }
        }
        return Replica(directory: directory, pool: pool, siteID: siteID, options: options)
    }

    /// Opens the replica in `directory`. Throws `.notAReplica` if it has no `.tally` folder.
    public static func open(at directory: String, options: ReplicaOptions = ReplicaOptions()) throws(ReplicaError)
        -> Replica
    {
        let folder = (directory as NSString).appendingPathComponent(folderName)
        let file = (folder as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: file) else {
            throw ReplicaError(.notAReplica, "\(directory) is not a tally replica (run tally init)")
        }
        let pool = try openPool(file, options: options)
        let siteID = try storageErrors(file: file) {
            try pool.read { db -> SiteID? in
                let data = try Data.fetchOne(db, sql: "SELECT site_id FROM meta WHERE singleton = 1")
                return data.flatMap(SiteID.init(data:))
            }
        }
        guard let siteID else { throw ReplicaError(.storage, "\(file) has no site id: the store is damaged") }
        return Replica(directory: directory, pool: pool, siteID: siteID, options: options)
    }

    private static func openPool(_ file: String, options: ReplicaOptions) throws(ReplicaError) -> DatabasePool {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // Import and apply touch pages all over the primary key: the writer's page cache of up to 64 MiB
            // (allocated as it fills) keeps them in memory instead of re-reading them from the file. Readers (up
            // to 5, each with its own cache) walk the feed and the id index in order, and the OS page cache holds
            // the file anyway: 8 MiB each, so a busy server's reads cannot hold 5 x 64 MiB.
            let cacheKiB = db.configuration.readonly ? 8_192 : 65_536
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        configuration.busyMode = .timeout(30)
        let (pool, superseded) = try storageErrors(file: file) {
            let pool = try DatabasePool(path: file, configuration: configuration)
            // The durability is set on the writer once the pool is open: GRDB turns WAL mode on after
            // `prepareDatabase` has run, and with it sets `synchronous = NORMAL`, which would override ours.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(options.durability == .full ? "FULL" : "NORMAL")")
            }
            // GRDB skips migrations it does not know: a store a newer tally migrated would open as if it were
            // ours. Look before migrating, so such a store is left as it is.
            let superseded = try pool.read(StoreSchema.migrator.hasBeenSuperseded)
            guard !superseded else { return (pool, superseded) }
            let movesRecords = try pool.read(RecordTables.holdsV7Records)
            try StoreSchema.migrator.migrate(pool)
            // The move to the v8 tables leaves the old table's pages free: give them back to the file system
            // once, instead of a store twice its size.
            if movesRecords { try pool.vacuum() }
            return (pool, superseded)
        }
        guard !superseded else {
            throw ReplicaError(
                .newerStore, "\(file) was written by a newer version of tally; upgrade tally to open it")
        }
        return pool
    }

    /// Runs `body`, turning any error that is not a `ReplicaError` into `.storage` (`.diskFull` when the disk
    /// holding `file`, the store file, is full: `StorageFailure`).
    static func storageErrors<T>(file: String?, _ body: () throws -> T) throws(ReplicaError) -> T {
        do {
            return try body()
        } catch {
            throw StorageFailure.error(error, file: file)
        }
    }

    /// The store file, `DIR/.tally/replica.sqlite`.
    var storeFile: String {
        ((directory as NSString).appendingPathComponent(Replica.folderName) as NSString)
            .appendingPathComponent(Replica.fileName)
    }

    /// One write transaction.
    func write<T>(_ body: (Database) throws -> T) throws(ReplicaError) -> T {
        try Replica.storageErrors(file: storeFile) { try pool.write(body) }
    }

    /// One read transaction (a consistent snapshot).
    func read<T>(_ body: (Database) throws -> T) throws(ReplicaError) -> T {
        try Replica.storageErrors(file: storeFile) { try pool.read(body) }
    }

    /// The hybrid logical clock as persisted in the store.
    func loadClock(_ db: Database) throws -> HybridLogicalClock {
        let raw = try Int64.fetchOne(db, sql: "SELECT hlc FROM meta WHERE singleton = 1") ?? 0
        return HybridLogicalClock(
            last: HLCTimestamp(rawValue: UInt64(bitPattern: raw)), wallClock: options.wallClock,
            maxDrift: options.maxDrift
        )
    }

    /// Persists the clock, in the transaction of the writes that used it.
    func saveClock(_ clock: HybridLogicalClock, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE meta SET hlc = ? WHERE singleton = 1", arguments: [Int64(bitPattern: clock.last.rawValue)]
        )
    }

    /// The last clock reading issued or observed, as persisted.
    public func lastClock() throws(ReplicaError) -> HLCTimestamp {
        try read { db in try loadClock(db).last }
    }
}

extension Replica {
    /// Runs SQLite's `PRAGMA integrity_check`, decodes every stored record and checks that the index of ids and
    /// the change feed agree (each id's feed row holds that record, with the digest the index keeps, and no feed
    /// row is left without an id); returns the problems found (empty when the store is sound).
    public func integrityProblems() throws(ReplicaError) -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT k.id, k.digest, f.state FROM record_keys k
                    LEFT JOIN record_feed f ON f.dataset_id = k.dataset_id AND f.seq = k.seq
                    """
            )
            var pointed = 0
            while let row = try rows.next() {
                let id: String = row[0]
                guard let data = row[2] as Data? else {
                    problems.append("record \(id) has no row in the change feed")
                    continue
                }
                pointed += 1
                guard let state = try? RecordState(encodedBytes: data) else {
                    problems.append("record \(id) does not decode")
                    continue
                }
                if state.id != id {
                    problems.append("record \(id): its row in the change feed holds record \(state.id)")
                } else if !Self.storedDigest(row[1], matches: data) {
                    problems.append("record \(id): its digest is not the digest of its state")
                }
            }
            let feedRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_feed") ?? 0
            if feedRows > pointed {
                problems.append("rows of the change feed that no record id points to: \(feedRows - pointed)")
            }
            return problems
        }
    }

    /// `true` when the digest column `stored` is the digest of the encoded state `state`.
    private static func storedDigest(_ stored: Data?, matches state: Data) -> Bool {
        guard let stored else { return false }
        let digest = state.withUnsafeBytes { StateDigest(of: $0) }
        return stored.withUnsafeBytes { digest.matches($0) }
    }
}
