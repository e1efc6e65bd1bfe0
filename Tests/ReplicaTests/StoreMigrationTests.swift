import Foundation
import Replica
import Store
import Testing
import Wire

/// A store written by the v7 layout (one WITHOUT ROWID `records` table, main at b315a4e) opens with today's code,
/// which migrates it to the feed and key tables (`v8-feed-and-keys`), and holds what it held: the same feed
/// (sequences, states, order), datasets, cursors, digests and conflicts. The fixture and the script that made it
/// are in `Fixtures/stores/`.
@Suite struct StoreMigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/stores/v7")
    /// The site the fixture's replica exchanged bundles with.
    static let peer = SiteID(hex: "971c394d754e30f38aafe8ce709f1fbc")!

    /// A copy of the fixture replica in a fresh folder (the fixture itself is never opened).
    static func copy() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let folder = directory.subdirectory("replica/.tally")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: fixture.appendingPathComponent("replica/.tally/replica.sqlite").path,
            toPath: folder + "/replica.sqlite"
        )
        return directory
    }

    /// The `(sequence, id)` pairs of `tally log NAME --json` as the v7 tally printed them, oldest first.
    static func loggedFeed(_ name: String) throws -> [(UInt64, String)] {
        let data = try Data(contentsOf: fixture.appendingPathComponent("\(name).log.json"))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return entries.reversed().map { (($0["sequence"] as? NSNumber)?.uint64Value ?? 0, $0["id"] as? String ?? "") }
    }

    @Test(.enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell (scripts/setup.sh installs it)"))
    func aV7StoreOpensMigratedWithTheSameFeedCursorsAndDigests() throws {
        let directory = try Self.copy()
        defer { directory.remove() }
        let file = directory.subdirectory("replica/.tally/replica.sqlite")
        #expect(try SQLiteShell.run(file, "SELECT count(*) FROM records").hasPrefix("37"))

        let replica = try Replica.open(at: directory.subdirectory("replica"))
        let tables = try SQLiteShell.run(file, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        #expect(tables.contains("record_feed\nrecord_keys\n"))
        #expect(!tables.split(separator: "\n").contains("records"))
        #expect(try SQLiteShell.run(file, "SELECT identifier FROM grdb_migrations").contains("v8-feed-and-keys"))
        // The old table's pages went back to the file system: the store is not left twice its size.
        #expect(try SQLiteShell.run(file, "PRAGMA freelist_count") == "0\n")

        let datasets = try replica.datasets()
        #expect(datasets.map(\.name) == ["fr-2024", "peskov"])
        #expect(datasets.map(\.sequence) == [37, 4])
        #expect(datasets.map(\.conflictCount) == [1, 0])
        for name in ["fr-2024", "peskov"] {
            let batch = try replica.changes(dataset: name, after: 0, limit: 1_000, excludingPeer: nil)
            let states = try batch.states()
            #expect(batch.isComplete)
            let logged = try Self.loggedFeed(name)
            #expect(states.map(\.id) == logged.map(\.1), "\(name): the feed's order")
            #expect(batch.reached == logged.last?.0)
            // The digests moved with their records: reconciliation sees each state's own digest.
            let items = try replica.reconcileItems(dataset: name, from: "", to: "")
            let expected = states.map { ($0.id, Replica.reconcileDigest(of: $0)) }.sorted { $0.0 < $1.0 }
            #expect(items.map(\.id) == expected.map(\.0))
            #expect(items.map(\.digest) == expected.map(\.1))
        }
        #expect(try replica.cursor(peer: Self.peer, dataset: "fr-2024", direction: .pull)?.sequence == 35)
        #expect(try replica.cursor(peer: Self.peer, dataset: "fr-2024", direction: .push)?.sequence == 33)
        #expect(try replica.cursor(peer: Self.peer, dataset: "peskov", direction: .pull)?.sequence == 4)
        #expect(try replica.record(dataset: "fr-2024", id: "alliance:LR")?.isDeleted == true)
        #expect(try replica.conflicts(dataset: "fr-2024").map(\.id) == ["fr-legislative-2024:r2:FR:RN"])
        #expect(try replica.integrityProblems() == [])

        // The migrated store takes writes where the old feed ended.
        try replica.put(dataset: "fr-2024", type: .party, id: "alliance:ENS", values: [("leader", .string("G. A."))])
        #expect(try replica.dataset(named: "fr-2024")?.sequence == 38)
        let after = try replica.changes(dataset: "fr-2024", after: 37, limit: 10, excludingPeer: nil).states()
        #expect(after.map(\.id) == ["alliance:ENS"])
    }
}

/// `integrityProblems()` (what `tally check --integrity` prints) finds the ways the two record tables can
/// disagree: an id whose feed row is gone, a digest that is not its state's, a feed row no id points to.
@Suite struct RecordTablesIntegrityTests {
    @Test(.enabled(if: SQLiteShell.isAvailable, "needs the sqlite3 shell (scripts/setup.sh installs it)"))
    func integrityNamesEachDisagreementBetweenTheIndexOfIDsAndTheFeed() throws {
        let replicas = try TestReplicas(count: 1, dataset: "fr")
        for id in ["t-1", "t-2", "t-3"] {
            try replicas[0].put(dataset: "fr", type: .tally, id: id, values: [("votes", .int(10))])
        }
        #expect(try replicas[0].integrityProblems() == [])
        let path = replicas.directory.subdirectory("r0")
        let file = path + "/.tally/replica.sqlite"
        try SQLiteShell.run(file, "DELETE FROM record_feed WHERE seq = (SELECT seq FROM record_keys WHERE id = 't-1')")
        try SQLiteShell.run(file, "UPDATE record_keys SET digest = zeroblob(16) WHERE id = 't-2'")
        try SQLiteShell.run(file, "INSERT INTO record_feed SELECT dataset_id, 99, state, NULL FROM record_feed LIMIT 1")
        let problems = try replicas[0].integrityProblems()
        #expect(
            problems == [
                "record t-1 has no row in the change feed",
                "record t-2: its digest is not the digest of its state",
                "rows of the change feed that no record id points to: 1",
            ])
    }
}
