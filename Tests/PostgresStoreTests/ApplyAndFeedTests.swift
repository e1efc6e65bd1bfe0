import PostgresStore
import Store
import TestSupport
import Testing
import Wire

/// Push and pull through the store protocol: a batch applied, the feed read back, echo suppression, cursors saved
/// with the batch, refused batches, counts.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct ApplyAndFeedTests {
    let alice = SiteID(high: 1, low: 1)
    let bob = SiteID(high: 2, low: 2)

    @Test func aBatchIsStoredAndReadBackWithItsCursor() async throws {
        try await TestDatabase.withStore { store in
            try await store.createDataset(name: "results", kind: .election)
            let records = (1...5).map { Tallies.put("t-\($0)", votes: Int64($0), site: alice, clock: Tallies.clock(1)) }
            let cursor = FeedCursor(epoch: 42, sequence: 5)
            let outcome = try await store.applyBatch(dataset: "results", records: records, from: alice, cursor: cursor)
            #expect(outcome == ApplyResult(applied: 5, created: 5, unchanged: 0, newConflicts: 0))
            #expect(try await store.cursor(peer: alice, dataset: "results") == cursor)
            let summary = try #require(try await store.dataset(named: "results"))
            #expect(summary.feed.sequence == 5 && summary.recordCount == 5)
            let slice = try await store.readChanges(dataset: "results", after: 0, limit: 100, excluding: nil)
            #expect(try slice.records.storedStates() == records)
            #expect(slice.reached == 5 && slice.isComplete && slice.rowsRead == 5)
            // The same batch again changes nothing and uses no sequence.
            let again = try await store.applyBatch(dataset: "results", records: records, from: alice, cursor: cursor)
            #expect(again == ApplyResult(applied: 0, created: 0, unchanged: 5, newConflicts: 0))
            #expect(try await store.dataset(named: "results")?.feed.sequence == 5)
            #expect(
                try await store.records(dataset: "results", ids: ["t-3", "nope", "t-1"]) == [records[2], records[0]])
        }
    }

    @Test func theFeedLeavesOutWhatThePeerSentAndSendsBackAMerge() async throws {
        try await TestDatabase.withStore { store in
            try await store.createDataset(name: "results", kind: .election)
            let first = (1...4).map { Tallies.put("t-\($0)", votes: 1, site: alice, clock: Tallies.clock(1)) }
            _ = try await store.applyBatch(
                dataset: "results", records: first, from: alice, cursor: FeedCursor(epoch: 1, sequence: 4))
            let echo = try await store.readChanges(dataset: "results", after: 0, limit: 100, excluding: alice)
            #expect(echo.records.isEmpty && echo.reached == 4 && echo.isComplete && echo.rowsRead == 4)
            let all = try await store.readChanges(dataset: "results", after: 0, limit: 100, excluding: bob)
            #expect(all.records.count == 4)
            // Bob edits t-1 concurrently with a field alice did not write: the merge differs from both sides.
            let concurrent = Tallies.put(
                "t-1", votes: 1, observer: "bob", over: nil, site: bob, clock: Tallies.clock(2))
            let outcome = try await store.applyBatch(
                dataset: "results", records: [concurrent], from: bob, cursor: FeedCursor(epoch: 2, sequence: 1))
            #expect(outcome.applied == 1 && outcome.created == 0)
            let toAlice = try await store.readChanges(dataset: "results", after: 4, limit: 100, excluding: alice)
            let toBob = try await store.readChanges(dataset: "results", after: 4, limit: 100, excluding: bob)
            #expect(toAlice.records.count == 1 && toBob.records.count == 1)
            #expect(try toAlice.records.storedStates()[0] == first[0].merged(with: concurrent))
        }
    }

    @Test func aSliceEndsAtItsLimitOrAtTheFeedsEnd() async throws {
        try await TestDatabase.withStore { store in
            try await store.createDataset(name: "results", kind: .election)
            let records = (1...10).map { Tallies.put("t-\($0)", votes: 1, site: alice, clock: Tallies.clock(1)) }
            _ = try await store.applyBatch(
                dataset: "results", records: records, from: alice, cursor: FeedCursor(epoch: 1, sequence: 10))
            let first = try await store.readChanges(dataset: "results", after: 0, limit: 3, excluding: nil)
            #expect(first.reached == 3 && !first.isComplete && first.rowsRead == 3 && first.records.count == 3)
            let rest = try await store.readChanges(dataset: "results", after: 3, limit: 100, excluding: nil)
            #expect(rest.reached == 10 && rest.isComplete && rest.records.count == 7)
            let ahead = try await store.readChanges(dataset: "results", after: 50, limit: 100, excluding: nil)
            #expect(ahead.reached == 50 && ahead.isComplete && ahead.rowsRead == 0)
            let zero = try await store.readChanges(dataset: "results", after: 0, limit: 0, excluding: nil)
            #expect(zero.rowsRead == 1)
            await #expect(throws: ReplicaError.self) {
                try await store.readChanges(dataset: "nope", after: 0, limit: 1, excluding: nil)
            }
        }
    }

    @Test func aRefusedBatchChangesNothing() async throws {
        try await TestDatabase.withStore { store in
            try await store.createDataset(name: "results", kind: .election)
            let stored = Tallies.put("x", votes: 1, site: alice, clock: Tallies.clock(1))
            let cursor = FeedCursor(epoch: 1, sequence: 1)
            _ = try await store.applyBatch(dataset: "results", records: [stored], from: alice, cursor: cursor)
            let before = try await store.datasets()
            let fresh = Tallies.put("y", votes: 1, site: bob, clock: Tallies.clock(2))
            // A live record missing a required field: refused at the gate, naming every refused id.
            var incomplete = Tallies.put("z", votes: 1, site: bob, clock: Tallies.clock(2))
            incomplete.fields.removeAll { $0.name == "status" }
            let invalid = await #expect(throws: ReplicaError.self) {
                try await store.applyBatch(
                    dataset: "results", records: [fresh, incomplete], from: bob,
                    cursor: FeedCursor(epoch: 9, sequence: 2))
            }
            #expect(invalid?.code == .invalidRecord && invalid?.recordIDs == ["z"])
            // The same id as another type: refused by the apply rule, inside the transaction.
            let party = RecordState.put(
                [("name", .string("X")), ("country", .string("FR")), ("classification", .enumeration("party"))],
                into: nil, type: .party, id: "x", clock: Tallies.clock(3), site: bob)
            let typeChange = await #expect(throws: ReplicaError.self) {
                try await store.applyBatch(
                    dataset: "results", records: [fresh, party], from: bob, cursor: FeedCursor(epoch: 9, sequence: 2))
            }
            #expect(typeChange?.code == .typeChange)
            // A clock a year ahead of the wall clock.
            let future = Tallies.put(
                "w", votes: 1, site: bob,
                clock: HLCTimestamp(milliseconds: WallClock.system.milliseconds() + 31_536_000_000, counter: 0))
            let drift = await #expect(throws: ReplicaError.self) {
                try await store.applyBatch(
                    dataset: "results", records: [fresh, future], from: bob, cursor: FeedCursor(epoch: 9, sequence: 2))
            }
            #expect(drift?.code == .clockDrift && drift?.message.contains("record \"w\"") == true)
            // A statement in an election dataset.
            let statement = RecordState.put(
                [("name", .string("Dmitry Peskov"))], into: nil, type: .person, id: "peskov", clock: Tallies.clock(2),
                site: bob)
            let kind = await #expect(throws: ReplicaError.self) {
                try await store.applyBatch(
                    dataset: "results", records: [statement], from: bob, cursor: FeedCursor(epoch: 9, sequence: 2))
            }
            #expect(kind?.code == .invalidRecord)
            #expect(try await store.datasets() == before)
            #expect(try await store.records(dataset: "results", ids: ["y", "z", "w"]).isEmpty)
            #expect(try await store.cursor(peer: bob, dataset: "results") == nil)
            #expect(try await store.cursor(peer: alice, dataset: "results") == cursor)
            let missing = await #expect(throws: ReplicaError.self) {
                try await store.applyBatch(dataset: "nope", records: [fresh], from: bob, cursor: cursor)
            }
            #expect(missing?.code == .datasetNotFound)
        }
    }

    @Test func twoConcurrentEditsOfAFieldCountOneConflict() async throws {
        try await TestDatabase.withStore { store in
            try await store.createDataset(name: "results", kind: .election)
            let base = Tallies.put("t-1", votes: 10, site: alice, clock: Tallies.clock(1))
            _ = try await store.applyBatch(
                dataset: "results", records: [base], from: alice, cursor: FeedCursor(epoch: 1, sequence: 1))
            let byAlice = Tallies.put("t-1", votes: 11, over: base, site: alice, clock: Tallies.clock(5))
            let byBob = Tallies.put("t-1", votes: 12, over: base, site: bob, clock: Tallies.clock(6))
            let first = try await store.applyBatch(
                dataset: "results", records: [byAlice], from: alice, cursor: FeedCursor(epoch: 1, sequence: 2))
            #expect(first == ApplyResult(applied: 1, created: 0, unchanged: 0, newConflicts: 0))
            let second = try await store.applyBatch(
                dataset: "results", records: [byBob], from: bob, cursor: FeedCursor(epoch: 2, sequence: 1))
            #expect(second == ApplyResult(applied: 1, created: 0, unchanged: 0, newConflicts: 1))
            let info = try #require(try await store.datasets().first)
            #expect(info.conflictCount == 1 && info.recordCount == 1 && info.sequence == 3)
            let merged = try #require(try await store.records(dataset: "results", ids: ["t-1"]).first)
            #expect(merged.value(of: "votes") == .int(12) && merged.openConflicts.count == 1)
            // Bob's edit sent again is no change and no new conflict.
            let again = try await store.applyBatch(
                dataset: "results", records: [byBob], from: bob, cursor: FeedCursor(epoch: 2, sequence: 1))
            #expect(again == ApplyResult(applied: 0, created: 0, unchanged: 1, newConflicts: 0))
        }
    }

    @Test func datasetsAreCreatedOnceWithValidNames() async throws {
        try await TestDatabase.withStore { store in
            try await store.createDataset(name: "speeches", kind: .statement)
            try await store.createDataset(name: "Results", kind: .election)
            let exists = await #expect(throws: ReplicaError.self) {
                try await store.createDataset(name: "speeches", kind: .election)
            }
            #expect(exists?.code == .datasetExists)
            let invalid = await #expect(throws: ReplicaError.self) {
                try await store.createDataset(name: "no spaces", kind: .election)
            }
            #expect(invalid?.code == .invalidName)
            let listed = try await store.datasets()
            #expect(listed.map(\.name) == ["Results", "speeches"])
            #expect(listed[1].kind == .statement && listed[1].feed.sequence == 0 && listed[1].horizon == 0)
            #expect(listed[0].feed.epoch != listed[1].feed.epoch)
            #expect(try await store.storedRecordCounts() == ["Results": 0, "speeches": 0])
            #expect(try await store.dataset(named: "nope") == nil)
        }
    }
}
