import Foundation
import Replica
import Store
import TestSupport
import Testing
import Wire

/// What every backend does with changes carried by file (`RecordStore.applyCarried`, the path of
/// `tally bundle apply`): the whole set in one transaction, cursors moved only forward and only for a set that
/// continues from them, acknowledgements kept, and nothing at all changed by a set refused or cut short.
@Suite struct CarriedChangesConformanceTests {
    static let dataset = Authors.dataset
    static let epoch: UInt64 = 0xfeed

    /// Carried batches from a list, or failing with `failure` once `failAfter` batches were handed out.
    struct ListedBatches: CarriedBatches {
        var batches: [CarriedBatch]
        var failAfter: Int?
        var handed = 0

        mutating func next() throws -> CarriedBatch? {
            if let failAfter, handed == failAfter { throw CarrierBroke() }
            guard handed < batches.count else { return nil }
            handed += 1
            return batches[handed - 1]
        }
    }

    struct CarrierBroke: Error {}

    /// `states` of `dataset` cut into batches of `size`, their cursors at the positions of a feed holding them in
    /// order after `after`.
    static func batches(_ states: [RecordState], size: Int, after: UInt64 = 0, dataset: String = dataset)
        -> [CarriedBatch]
    {
        stride(from: 0, to: states.count, by: size).map { start in
            let slice = Array(states[start..<min(start + size, states.count)])
            return CarriedBatch(
                dataset: dataset, records: slice,
                cursor: FeedCursor(epoch: epoch, sequence: after + UInt64(start + slice.count)))
        }
    }

    static func changes(
        from creator: SiteID, target: SiteID? = nil, datasets: [CarriedDataset], _ batches: [CarriedBatch],
        failAfter: Int? = nil
    ) -> CarriedChanges {
        CarriedChanges(creator: creator, target: target, datasets: datasets) {
            ListedBatches(batches: batches, failAfter: failAfter)
        }
    }

    static func election(after: UInt64 = 0, held: FeedCursor? = nil) -> CarriedDataset {
        CarriedDataset(name: dataset, kind: .election, epoch: epoch, after: after, heldOfTarget: held)
    }

    @Test(arguments: StoreBackend.all)
    func carriedChangesApplyWholeAsAPullFromTheirCreatorAndASecondCopyWritesNothing(backend: StoreBackend)
        async throws
    {
        let authors = try Authors(count: 1)
        for index in 0..<7 { try authors.put(0, "t-\(index)", votes: Int64(index)) }
        let states = try authors.states(0)
        let creator = authors[0].siteID
        let people = CarriedDataset(name: "people", kind: .statement, epoch: 3, after: 0)
        let carried = Self.changes(
            from: creator, datasets: [Self.election(), people], Self.batches(states, size: 3))
        try await backend.run(.system) { store in
            let outcome = try await store.applyCarried(carried)
            #expect(outcome.created == [Self.dataset, "people"])
            #expect(outcome.batches.map(\.received) == [3, 3, 1])
            #expect(outcome.batches.allSatisfy { $0.advancedCursor })
            #expect(outcome.batches.map(\.result.created).reduce(0, +) == 7)
            #expect(try await store.dataset(named: "people")?.kind == .statement)
            #expect(
                try await store.cursor(peer: creator, dataset: Self.dataset)
                    == FeedCursor(epoch: Self.epoch, sequence: 7))
            #expect(
                try await StoreConformanceTests.feed(store).states.map(\.encodedBytes)
                    == states.map(\.encodedBytes))
            let sequence = try await store.dataset(named: Self.dataset)?.feed.sequence
            // The same file again: every state is held, no sequence used, the cursor where it was.
            let again = try await store.applyCarried(carried)
            #expect(again.created.isEmpty)
            #expect(again.batches.map(\.result.unchanged).reduce(0, +) == 7)
            #expect(again.batches.map(\.result.applied).reduce(0, +) == 0)
            #expect(!again.batches.contains { $0.advancedCursor })
            #expect(try await store.dataset(named: Self.dataset)?.feed.sequence == sequence)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aLateRefusalOrACarrierThatBreaksChangesNothingNotEvenTheDatasetsCreated(backend: StoreBackend)
        async throws
    {
        let authors = try Authors(count: 1)
        for index in 0..<4 { try authors.put(0, "t-\(index)", votes: Int64(index)) }
        let ahead = try Authors(count: 1, clock: WallClock { WallClock.system.milliseconds() + 30 * 86_400_000 })
        try ahead.put(0, "late", votes: 1)
        let creator = authors[0].siteID
        let good = Self.batches(try authors.states(0), size: 2)
        let refused =
            good + [
                CarriedBatch(
                    dataset: Self.dataset, records: try ahead.states(0),
                    cursor: FeedCursor(epoch: Self.epoch, sequence: 5))
            ]
        try await backend.run(.system) { store in
            let error = await #expect(throws: ReplicaError.self) {
                try await store.applyCarried(Self.changes(from: creator, datasets: [Self.election()], refused))
            }
            #expect(error?.code == .clockDrift)
            #expect(try await store.datasets().isEmpty, "the dataset created for the changes is rolled back")
            #expect(try await store.cursor(peer: creator, dataset: Self.dataset) == nil)

            // The carrier fails after one batch (a file damaged while it is read): its error, and nothing kept.
            await #expect(throws: CarrierBroke.self) {
                try await store.applyCarried(
                    Self.changes(from: creator, datasets: [Self.election()], good, failAfter: 1))
            }
            #expect(try await store.datasets().isEmpty)

            // A dataset held here with another kind: refused before any batch.
            try await store.createDataset(name: Self.dataset, kind: .statement)
            let mismatch = await #expect(throws: ReplicaError.self) {
                try await store.applyCarried(Self.changes(from: creator, datasets: [Self.election()], good))
            }
            #expect(mismatch?.code == .kindMismatch)
            #expect(try await store.dataset(named: Self.dataset)?.feed.sequence == 0)
        }
    }

    @Test(arguments: StoreBackend.all)
    func theCursorMovesOnlyForwardAndOnlyForChangesThatContinueFromIt(backend: StoreBackend) async throws {
        let authors = try Authors(count: 1)
        for index in 0..<6 { try authors.put(0, "t-\(index)", votes: Int64(index)) }
        let states = try authors.states(0)
        let creator = authors[0].siteID
        let first = Self.batches(Array(states[0..<2]), size: 2)
        let gap = Self.batches(Array(states[4..<6]), size: 2, after: 4)
        let all = Self.batches(states, size: 3)
        try await backend.run(.system) { store in
            _ = try await store.applyCarried(Self.changes(from: creator, datasets: [Self.election()], first))
            let cursor = { try await store.cursor(peer: creator, dataset: Self.dataset) }
            #expect(try await cursor() == FeedCursor(epoch: Self.epoch, sequence: 2))
            // Changes 5-6 do not continue from 2: merged, the cursor stays.
            let skipped = try await store.applyCarried(
                Self.changes(from: creator, datasets: [Self.election(after: 4)], gap))
            #expect(skipped.batches.map(\.result.applied) == [2] && !skipped.batches[0].advancedCursor)
            #expect(try await cursor() == FeedCursor(epoch: Self.epoch, sequence: 2))
            // Changes written for another replica never move it.
            let other = SiteID(hex: "00112233445566778899aabbccddeeff")!
            _ = try await store.applyCarried(
                Self.changes(from: creator, target: other, datasets: [Self.election()], all))
            #expect(try await cursor() == FeedCursor(epoch: Self.epoch, sequence: 2))
            // The whole feed, written for anyone, continues from 2: the cursor reaches 6.
            _ = try await store.applyCarried(Self.changes(from: creator, datasets: [Self.election()], all))
            #expect(try await cursor() == FeedCursor(epoch: Self.epoch, sequence: 6))
            // An older file after it merges and leaves the cursor at 6.
            _ = try await store.applyCarried(Self.changes(from: creator, datasets: [Self.election()], first))
            #expect(try await cursor() == FeedCursor(epoch: Self.epoch, sequence: 6))
        }
    }

    @Test(arguments: StoreBackend.all)
    func changesWrittenForThisStoreRecordWhatTheirCreatorHoldsOfItsFeedAndNeverLess(backend: StoreBackend)
        async throws
    {
        let authors = try Authors(count: 2)
        for index in 0..<3 { try authors.put(0, "t-\(index)", votes: Int64(index)) }
        try authors.put(1, "b-1", votes: 1)
        let creator = authors[1].siteID
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            try await StoreConformanceTests.apply(try authors.states(0), to: store, at: 3)
            let feed = try #require(try await store.dataset(named: Self.dataset)).feed
            let push = { try await store.cursor(peer: creator, dataset: Self.dataset, direction: .push) }
            let held = FeedCursor(epoch: feed.epoch, sequence: 2)
            let batches = Self.batches(try authors.states(1), size: 10)
            _ = try await store.applyCarried(
                Self.changes(
                    from: creator, target: store.siteID, datasets: [Self.election(held: held)], batches))
            #expect(try await push() == held)
            // An older acknowledgement, one of another epoch, one beyond the feed: the known one stays.
            for stale in [
                FeedCursor(epoch: feed.epoch, sequence: 1), FeedCursor(epoch: feed.epoch &+ 1, sequence: 3),
                FeedCursor(epoch: feed.epoch, sequence: feed.sequence + 10),
            ] {
                _ = try await store.applyCarried(
                    Self.changes(
                        from: creator, target: store.siteID, datasets: [Self.election(held: stale)], batches))
                #expect(try await push() == held)
            }
            // Written for anyone: no acknowledgement at all.
            let later = FeedCursor(epoch: feed.epoch, sequence: 3)
            _ = try await store.applyCarried(
                Self.changes(from: creator, datasets: [Self.election(held: later)], batches))
            #expect(try await push() == held)
        }
    }
}
