import Foundation
import PostgresStore
import Replica
import Store
import TestSupport
import Testing
import Wire

/// The two backends agree on changes carried by file (`applyCarried`, the path of `tally bundle apply`): random
/// sets of batches, from random creators, written for anyone, for the store or for another replica, continuing
/// from the saved cursor or not, give SQLite and PostgreSQL the same outcomes, the same refusals, and then the same
/// datasets, states, feeds and cursors in both directions. (Refusals are the conformance suite's: these histories
/// are all valid.)
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct CarriedAgreementTests {
    let wall = ManualClock(1_760_000_000_000 + 40 * 86_400_000)

    /// The batches of one random set, as both stores get them.
    struct Listed: CarriedBatches {
        var batches: [CarriedBatch]

        mutating func next() throws -> CarriedBatch? { batches.isEmpty ? nil : batches.removeFirst() }
    }

    @Test func randomCarriedChangesGiveTheSameStoresOnSQLiteAndPostgreSQL() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let options = ReplicaOptions(wallClock: wall.wallClock, durability: .normal)
        let sqlite = ReplicaRecordStore(replica: try Replica.create(at: folder.root, options: options))
        let (advanced, acknowledged, _) = try await TestDatabase.withStore(options: options) { postgres in
            var totals = (0, 0, 0)
            for seed in UInt64(1)...12 {
                let covered = try await compare(seed: seed, sqlite: sqlite, postgres: postgres)
                totals = (totals.0 + covered.0, totals.1 + covered.1, totals.2 + covered.2)
            }
            return totals
        }
        // The sets reached what they are meant to test: cursors moved, acknowledgements kept.
        #expect(advanced > 0 && acknowledged > 0)
    }

    /// One seed: a dozen random sets applied to both stores; returns how many batches advanced the cursor, how many
    /// sets left an acknowledgement, and how many sets were refused.
    private func compare(seed: UInt64, sqlite: ReplicaRecordStore, postgres: PostgresRecordStore) async throws
        -> (Int, Int, Int)
    {
        let stores: [any RecordStore] = [sqlite, postgres]
        let dataset = "carried-\(seed)"
        let second = "carried-\(seed)-b"
        var simulation = TallySimulation(seed: seed)
        var generator = SeededGenerator(seed: seed &* 977)
        let epoch = seed &* 13
        var position: [String: UInt64] = [dataset: 0, second: 0]
        var covered = (0, 0, 0)
        let stranger = SiteID(high: 99, low: seed)
        for round in 1...12 {
            simulation.run(steps: Int.random(in: 1...10, using: &generator))
            let creator = simulation.sites[Int.random(in: 0..<simulation.sites.count, using: &generator)].id
            // Sometimes a set that does not continue from where the last one of its dataset ended.
            var batches: [CarriedBatch] = []
            // Per dataset: where the set starts, and the position of the store's feed its creator holds (as a
            // fraction of the feed, each store's feed having its own epoch).
            var planned: [(name: String, after: UInt64, held: Double?)] = []
            for name in [dataset, second] where name == dataset || Bool.random(using: &generator) {
                let gap =
                    Int.random(in: 0..<4, using: &generator) == 0 ? UInt64.random(in: 1...5, using: &generator) : 0
                let after = position[name]! + gap
                var sequence = after
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    sequence += UInt64.random(in: 1...6, using: &generator)
                    batches.append(
                        CarriedBatch(
                            dataset: name, records: simulation.batch().records,
                            cursor: FeedCursor(epoch: epoch, sequence: sequence)))
                }
                position[name] = max(position[name]!, sequence)
                let held = Bool.random(using: &generator) ? Double.random(in: 0...1.2, using: &generator) : nil
                planned.append((name, after, held))
            }
            let target: SiteID? = [nil, stranger, nil].randomElement(using: &generator)!
            let addressedHere = Int.random(in: 0..<3, using: &generator) == 0
            var outcomes: [Result<CarriedOutcome, ReplicaError>] = []
            for store in stores {
                var datasets: [CarriedDataset] = []
                for plan in planned {
                    let feed = try await store.dataset(named: plan.name)?.feed
                    var held: FeedCursor?
                    if let feed, let fraction = plan.held {
                        held = FeedCursor(epoch: feed.epoch, sequence: UInt64(Double(feed.sequence) * fraction))
                    }
                    datasets.append(
                        CarriedDataset(
                            name: plan.name, kind: .election, epoch: epoch, after: plan.after, heldOfTarget: held))
                }
                let changes = CarriedChanges(
                    creator: creator, target: addressedHere ? store.siteID : target, datasets: datasets
                ) { [batches] in Listed(batches: batches) }
                do {
                    outcomes.append(.success(try await store.applyCarried(changes)))
                } catch let error as ReplicaError {
                    outcomes.append(.failure(error))
                }
            }
            let context: Comment = "seed \(seed), round \(round)"
            switch (outcomes[0], outcomes[1]) {
            case (.success(let a), .success(let b)):
                #expect(a == b, context)
                covered.0 += a.batches.filter(\.advancedCursor).count
            case (.failure(let a), .failure(let b)):
                #expect(a.code == b.code && a.recordIDs == b.recordIDs, context)
                covered.2 += 1
            default:
                Issue.record("the backends disagree on whether the set applies: \(outcomes), \(context)")
            }
            for name in [dataset, second] {
                let pushes = try await (
                    sqlite.cursor(peer: creator, dataset: name, direction: .push),
                    postgres.cursor(peer: creator, dataset: name, direction: .push)
                )
                if pushes.0 != nil { covered.1 += 1 }
                // Each store's feed has its own epoch: compare the positions acknowledged.
                #expect(pushes.0?.sequence == pushes.1?.sequence, context)
            }
        }
        for name in [dataset, second] {
            let infos = try await (sqlite.dataset(named: name), postgres.dataset(named: name))
            #expect(infos.0?.sequence == infos.1?.sequence && infos.0?.recordCount == infos.1?.recordCount)
            #expect(infos.0?.conflictCount == infos.1?.conflictCount)
            guard infos.0 != nil else { continue }
            let ids = TallySimulation.ids
            #expect(try await sqlite.records(dataset: name, ids: ids) == postgres.records(dataset: name, ids: ids))
            let feeds = try await (
                sqlite.readChanges(dataset: name, after: 0, limit: 10_000, excluding: nil),
                postgres.readChanges(dataset: name, after: 0, limit: 10_000, excluding: nil)
            )
            #expect(try feeds.0.states() == feeds.1.states(), "seed \(seed)")
            for site in simulation.sites.map(\.id) {
                #expect(
                    try await sqlite.cursor(peer: site, dataset: name)
                        == postgres.cursor(peer: site, dataset: name), "seed \(seed)")
            }
        }
        return covered
    }
}
