import Foundation
import PostgresStore
import Replica
import Store
import TestSupport
import Testing
import Wire

/// The two backends agree exactly: the same random batches applied to a SQLite replica (through
/// `ReplicaRecordStore`) and to PostgreSQL give the same outcomes, the same errors, the same feed, the same states,
/// counts, reconcile sums and tombstone collections.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct BackendAgreementTests {
    /// 40 days after the simulated histories begin: their tombstones are past a 30-day grace.
    let wall = ManualClock(1_760_000_000_000 + 40 * 86_400_000)

    @Test func randomBatchesGiveTheSameStoresOnSQLiteAndPostgreSQL() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let options = ReplicaOptions(wallClock: wall.wallClock, durability: .normal)
        let sqlite = ReplicaRecordStore(replica: try Replica.create(at: folder.root, options: options))
        let covered = try await TestDatabase.withStore(options: options) { postgres in
            var covered = Coverage()
            for seed in UInt64(1)...30 {
                covered.add(try await compare(seed: seed, sqlite: sqlite, postgres: postgres))
            }
            return covered
        }
        // The batches reached what they are meant to test.
        #expect(covered.collected > 0 && covered.conflicts > 0 && covered.unchanged > 0 && covered.created > 0)
    }

    /// What the batches of the test did, summed.
    struct Coverage: Sendable {
        var created = 0
        var unchanged = 0
        var conflicts = 0
        var collected = 0

        mutating func add(_ other: Coverage) {
            created += other.created
            unchanged += other.unchanged
            conflicts += other.conflicts
            collected += other.collected
        }
    }

    private func compare(seed: UInt64, sqlite: ReplicaRecordStore, postgres: PostgresRecordStore) async throws
        -> Coverage
    {
        var covered = Coverage()
        let dataset = "seed-\(seed)"
        let stores: [any RecordStore] = [sqlite, postgres]
        for store in stores { try await store.createDataset(name: dataset, kind: .election) }
        var simulation = TallySimulation(seed: seed)
        let puller = SiteID(high: 77, low: seed)
        var generator = SeededGenerator(seed: seed &* 31)
        for round in 1...14 {
            simulation.run(steps: Int.random(in: 1...8, using: &generator))
            let (sender, records) = simulation.batch()
            let cursor = FeedCursor(epoch: seed, sequence: UInt64(round))
            var outcomes: [Result<ApplyResult, ReplicaError>] = []
            for store in stores {
                do {
                    outcomes.append(
                        .success(
                            try await store.applyBatch(dataset: dataset, records: records, from: sender, cursor: cursor)
                        ))
                } catch let error as ReplicaError {
                    outcomes.append(.failure(error))
                }
            }
            #expect(outcomes[0] == outcomes[1], "seed \(seed), round \(round)")
            if case .success(let outcome) = outcomes[1] {
                covered.created += outcome.created
                covered.unchanged += outcome.unchanged
                covered.conflicts += outcome.newConflicts
            }
            if round % 5 == 0 {
                // A peer pulls part of the feed, then tombstones past the grace that it passed are collected.
                var collections: [TombstoneCollection] = []
                for store in stores {
                    let feed = try #require(try await store.dataset(named: dataset)).feed
                    let delivered = FeedCursor(epoch: feed.epoch, sequence: feed.sequence - feed.sequence / 4)
                    try await store.recordDelivered(peer: puller, dataset: dataset, cursor: delivered)
                    collections.append(
                        try await store.collectTombstones(dataset: dataset, olderThan: TombstoneCollection.defaultGrace)
                    )
                }
                #expect(collections[0] == collections[1], "seed \(seed), round \(round)")
                covered.collected += collections[1].collected
            }
        }
        try await expectSame(sqlite, postgres, dataset: dataset, seed: seed, peers: simulation.sites.map(\.id))
        return covered
    }

    private func expectSame(
        _ sqlite: ReplicaRecordStore, _ postgres: PostgresRecordStore, dataset: String, seed: UInt64, peers: [SiteID]
    ) async throws {
        let context: Comment = "seed \(seed)"
        let infos = try await (sqlite.datasets(), postgres.datasets())
        let sqliteInfo = try #require(infos.0.first { $0.name == dataset })
        let postgresInfo = try #require(infos.1.first { $0.name == dataset })
        #expect(sqliteInfo.sequence == postgresInfo.sequence, context)
        #expect(sqliteInfo.recordCount == postgresInfo.recordCount, context)
        #expect(sqliteInfo.conflictCount == postgresInfo.conflictCount, context)
        let summaries = try await (sqlite.dataset(named: dataset), postgres.dataset(named: dataset))
        #expect(summaries.0?.horizon == summaries.1?.horizon, context)
        #expect(try await sqlite.storedRecordCounts()[dataset] == postgres.storedRecordCounts()[dataset], context)
        let ids = TallySimulation.ids
        #expect(
            try await sqlite.records(dataset: dataset, ids: ids)
                == postgres.records(dataset: dataset, ids: ids), context)
        let ranges = [IDRange.all, IDRange(lower: "t-03", upper: "t-08"), IDRange(lower: "t-1", upper: "")]
        for range in ranges {
            #expect(
                try await sqlite.reconcileSummary(dataset: dataset, of: range)
                    == postgres.reconcileSummary(dataset: dataset, of: range), context)
            let items = try await sqlite.reconcileItems(dataset: dataset, in: range)
            #expect(try await postgres.reconcileItems(dataset: dataset, in: range) == items, context)
            let positions = Array(stride(from: 0, to: items.count, by: 2))
            #expect(
                try await sqlite.reconcileIDs(dataset: dataset, in: range, at: positions)
                    == postgres.reconcileIDs(dataset: dataset, in: range, at: positions), context)
        }
        for peer in [nil] + peers {
            let sqliteFeed = try await sqlite.readChanges(dataset: dataset, after: 0, limit: 1_000, excluding: peer)
            let postgresFeed = try await postgres.readChanges(dataset: dataset, after: 0, limit: 1_000, excluding: peer)
            #expect(try sqliteFeed.records.storedStates() == postgresFeed.records.storedStates(), context)
            #expect(sqliteFeed.reached == postgresFeed.reached && sqliteFeed.isComplete == postgresFeed.isComplete)
        }
        for peer in peers {
            #expect(
                try await sqlite.cursor(peer: peer, dataset: dataset)
                    == postgres.cursor(peer: peer, dataset: dataset), context)
        }
    }
}
