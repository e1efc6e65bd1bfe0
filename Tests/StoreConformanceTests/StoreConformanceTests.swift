import Foundation
import Replica
import Store
import Synchronization
import TestSupport
import Testing
import Wire

/// What every `RecordStore` backend must do, the same way: each test runs against every backend of
/// `StoreBackend.all` through the protocol only (the sessions' and the server's view), with states written by
/// real replicas (`Authors`).
@Suite struct StoreConformanceTests {
    static let dataset = Authors.dataset
    static let peer = SiteID(hex: "0123456789abcdef0123456789abcdef")!

    /// Reads the whole feed of `dataset` after `after`, in slices of `limit`.
    static func feed(_ store: any RecordStore, after: UInt64 = 0, excluding peer: SiteID? = nil, limit: Int = 3)
        async throws -> (states: [RecordState], reached: UInt64)
    {
        var states: [RecordState] = []
        var position = after
        while true {
            let slice = try await store.readChanges(dataset: dataset, after: position, limit: limit, excluding: peer)
            states += try slice.records.decoded()
            #expect(slice.reached >= position, "the feed never goes back")
            position = slice.reached
            if slice.isComplete { return (states, position) }
        }
    }

    /// Applies `states` from `peer` in one batch, the cursor at `sequence`.
    @discardableResult
    static func apply(_ states: [RecordState], to store: any RecordStore, from peer: SiteID = peer, at sequence: UInt64)
        async throws -> ApplyResult
    {
        try await store.applyBatch(
            dataset: dataset, records: states, from: peer, cursor: FeedCursor(epoch: 7, sequence: sequence))
    }

    @Test(arguments: StoreBackend.all)
    func aNewDatasetHasAnEpochAnEmptyFeedAndANameOfItsOwn(backend: StoreBackend) async throws {
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            let created = try #require(try await store.dataset(named: Self.dataset))
            #expect(created.kind == .election && created.feed.sequence == 0 && created.recordCount == 0)
            #expect(created.feed.epoch != 0)
            #expect(try await store.datasets().map(\.name) == [Self.dataset])
            #expect(try await store.dataset(named: "other") == nil)
            await #expect(throws: ReplicaError.self) {
                try await store.createDataset(name: Self.dataset, kind: .election)
            }
            let bad = await #expect(throws: ReplicaError.self) {
                try await store.createDataset(name: "no spaces", kind: .election)
            }
            #expect(bad?.code == .invalidName)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aBatchIsStoredInFeedOrderWithItsCursorAndASecondCopyWritesNothing(backend: StoreBackend) async throws {
        let authors = try Authors(count: 1)
        for index in 0..<5 { try authors.put(0, "t-\(index)", votes: Int64(index)) }
        let states = try authors.states(0)
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            let first = try await Self.apply(states, to: store, at: 5)
            #expect(first == ApplyResult(applied: 5, created: 5, unchanged: 0, newConflicts: 0))
            #expect(try await store.cursor(peer: Self.peer, dataset: Self.dataset) == FeedCursor(epoch: 7, sequence: 5))
            let summary = try #require(try await store.dataset(named: Self.dataset))
            #expect(summary.recordCount == 5 && summary.feed.sequence == 5)
            let (read, reached) = try await Self.feed(store)
            #expect(read.map(\.encodedBytes) == states.map(\.encodedBytes))
            #expect(reached == 5)
            // The same batch again: every state is already held; no write, no sequence used.
            let again = try await Self.apply(states, to: store, at: 5)
            #expect(again == ApplyResult(applied: 0, created: 0, unchanged: 5, newConflicts: 0))
            #expect(try await store.dataset(named: Self.dataset)?.feed.sequence == 5)
            #expect(
                try await store.records(dataset: Self.dataset, ids: ["t-3", "nope", "t-1"]).map(\.id) == ["t-3", "t-1"])
            // `tally log`: the newest changes first, each the record's state at that position.
            let log = try await store.log(dataset: Self.dataset, limit: 2)
            #expect(log.map(\.sequence) == [5, 4] && log.map(\.id) == ["t-4", "t-3"])
            #expect(log.allSatisfy { !$0.deleted && $0.type == .tally && $0.fields.contains("votes") })
            #expect(try await store.log(dataset: Self.dataset, limit: 0).isEmpty)
            await #expect(throws: ReplicaError.self) { try await store.log(dataset: "nope", limit: 5) }
        }
    }

    @Test(arguments: StoreBackend.all)
    func theFeedLeavesOutWhatTheSenderHoldsAndSendsBackAMergeItLacks(backend: StoreBackend) async throws {
        let authors = try Authors(count: 2)
        try authors.put(0, "t-1", votes: 1)
        try authors.put(0, "t-2", votes: 2)
        try authors.put(1, "t-2", votes: 20)  // concurrent with author 0's t-2: a conflict
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            try await Self.apply(try authors.states(0), to: store, from: authors[0].siteID, at: 2)
            let fromOther = try await Self.apply(try authors.states(1), to: store, from: authors[1].siteID, at: 1)
            #expect(fromOther.applied == 1 && fromOther.newConflicts == 1)
            // Author 0 holds t-1 as stored: left out. t-2 is a merge author 0 lacks: sent back.
            let toFirst = try await Self.feed(store, excluding: authors[0].siteID)
            #expect(toFirst.states.map(\.id) == ["t-2"])
            #expect(toFirst.reached == 3, "left-out rows still advance the slice")
            // Author 1 gets everything: t-1 it never had, and t-2's merge differs from what it sent.
            #expect(
                try await Self.feed(store, excluding: authors[1].siteID).states.map(\.id).sorted() == ["t-1", "t-2"])
            #expect(try await store.datasets().first?.conflictCount == 1)
            // The conflict as `tally conflicts` lists it: both values kept, the same winner everywhere.
            let conflicts = try await store.conflicts(dataset: Self.dataset)
            #expect(conflicts.map { "\($0.type.name) \($0.id) \($0.field)" } == ["tally t-2 votes"])
            #expect(Set([conflicts.first?.winner] + (conflicts.first?.losers ?? [])) == [.int(2), .int(20)])
            let merged = try #require(try await store.records(dataset: Self.dataset, ids: ["t-2"]).first)
            #expect(conflicts == merged.openConflicts)
            await #expect(throws: ReplicaError.self) { try await store.conflicts(dataset: "nope") }
        }
    }

    @Test(arguments: StoreBackend.all)
    func aBatchWithOneBadStateIsRefusedWholeAndChangesNothing(backend: StoreBackend) async throws {
        let authors = try Authors(count: 1)
        try authors.put(0, "t-1", votes: 1)
        try authors[0].put(dataset: Authors.dataset, type: .tally, id: "t-2", values: [("votes", .int(2))])
        let states = try authors.states(0)
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            let refused = await #expect(throws: ReplicaError.self) { try await Self.apply(states, to: store, at: 2) }
            #expect(refused?.code == .invalidRecord)
            #expect(refused?.recordIDs == ["t-2"])
            #expect(refused?.message.contains("election_id") == true, "\(refused?.message ?? "")")
            #expect(try await store.dataset(named: Self.dataset)?.feed.sequence == 0)
            #expect(try await store.cursor(peer: Self.peer, dataset: Self.dataset) == nil)
            #expect(try await Self.feed(store).states.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aStateFromAClockFarAheadIsRefusedAndChangesNothing(backend: StoreBackend) async throws {
        let ahead = WallClock { WallClock.system.milliseconds() + 30 * 86_400_000 }
        let authors = try Authors(count: 1, clock: ahead)
        try authors.put(0, "t-1", votes: 1)
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            let refused = await #expect(throws: ReplicaError.self) {
                try await Self.apply(try authors.states(0), to: store, at: 1)
            }
            #expect(refused?.code == .clockDrift)
            #expect(try await store.dataset(named: Self.dataset)?.recordCount == 0)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aTypeChangeIsRefused(backend: StoreBackend) async throws {
        let authors = try Authors(count: 2)
        try authors.put(0, "x", votes: 1)
        try authors[1].put(
            dataset: Authors.dataset, type: .party, id: "x",
            values: [("name", .string("X")), ("country", .string("FR")), ("classification", .enumeration("party"))])
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            try await Self.apply(try authors.states(0), to: store, at: 1)
            let refused = await #expect(throws: ReplicaError.self) {
                try await Self.apply(try authors.states(1), to: store, from: authors[1].siteID, at: 1)
            }
            #expect(refused?.code == .typeChange)
        }
    }

    /// Merge is order-free: the same histories applied in any order, in any batches, duplicated, leave every store
    /// with the same states, the same counts and the same reconcile fingerprint; and that fingerprint is the sum of
    /// the states' digests.
    @Test(arguments: StoreBackend.all)
    func anyOrderOfTheSameHistoriesGivesTheSameStore(backend: StoreBackend) async throws {
        var generator = SeededGenerator(seed: 11)
        let authors = try Authors(count: 3)
        for step in 0..<60 {
            let author = Int.random(in: 0..<3, using: &generator)
            let id = "t-\(Int.random(in: 0..<8, using: &generator))"
            if Int.random(in: 0..<6, using: &generator) == 0,
                let held = try authors[author].record(dataset: Authors.dataset, id: id), !held.isDeleted
            {
                try authors[author].delete(dataset: Authors.dataset, id: id)
            } else {
                try authors.put(author, id, votes: Int64(step))
            }
        }
        let histories = try (0..<3).map { try authors.states($0) }
        let results = Mutex<[(states: [[UInt8]], count: Int, conflicts: Int, summary: RangeSummary)]>([])
        for round in 0..<3 {
            // Round 0 in author order, whole; the others shuffled, in random slices, some sent twice.
            var batches: [(Int, [RecordState])] = []
            for (author, history) in histories.enumerated() {
                var rest = round == 0 ? history[...] : history.shuffled(using: &generator)[...]
                while !rest.isEmpty {
                    let size = round == 0 ? rest.count : Int.random(in: 1...5, using: &generator)
                    batches.append((author, Array(rest.prefix(size))))
                    rest = rest.dropFirst(size)
                }
            }
            if round > 0 {
                batches.shuffle(using: &generator)
                batches += batches.prefix(3)
            }
            let planned = batches
            let sites = authors.replicas.map(\.siteID)
            try await backend.run(.system) { store in
                try await store.createDataset(name: Self.dataset, kind: .election)
                for (author, batch) in planned {
                    try await Self.apply(batch, to: store, from: sites[author], at: 1)
                }
                let ids = (0..<8).map { "t-\($0)" }
                let states = try await store.records(dataset: Self.dataset, ids: ids)
                let summary = try await store.reconcileSummary(dataset: Self.dataset, of: .all)
                var expected = RangeSummary.empty
                for state in states { expected.add(StateDigest(of: state).value) }
                #expect(summary == expected)
                let items = try await store.reconcileItems(dataset: Self.dataset, in: .all)
                #expect(items.map(\.id) == states.map(\.id).sorted { IDRange.precedes($0, $1) })
                let info = try #require(try await store.dataset(named: Self.dataset))
                results.withLock {
                    $0.append((states.map(\.encodedBytes), info.recordCount, info.conflictCount, summary))
                }
            }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 3)
        for result in all.dropFirst() {
            #expect(result.states == all[0].states)
            #expect(result.count == all[0].count && result.conflicts == all[0].conflicts)
            #expect(result.summary == all[0].summary)
        }
    }

    @Test(arguments: StoreBackend.all)
    func reconcileReadsIDsInByteOrderAtTheirPositions(backend: StoreBackend) async throws {
        let authors = try Authors(count: 1)
        let ids = ["a", "B", "a-1", "Z", "b", "a.0", "a0"]
        for (index, id) in ids.enumerated() { try authors.put(0, id, votes: Int64(index)) }
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            try await Self.apply(try authors.states(0), to: store, at: 7)
            let sorted = ids.sorted { IDRange.precedes($0, $1) }
            #expect(try await store.reconcileItems(dataset: Self.dataset, in: .all).map(\.id) == sorted)
            let range = IDRange(lower: "a", upper: "b")
            let inside = sorted.filter { range.contains($0) }
            #expect(try await store.reconcileItems(dataset: Self.dataset, in: range).map(\.id) == inside)
            #expect(try await store.reconcileSummary(dataset: Self.dataset, of: range).count == inside.count)
            #expect(
                try await store.reconcileIDs(dataset: Self.dataset, in: range, at: [0, 2]) == [inside[0], inside[2]])
        }
    }

    @Test(arguments: StoreBackend.all)
    func liveRecordsComeTypeByTypeInByteOrderPageByPageWithoutTombstones(backend: StoreBackend) async throws {
        let authors = try Authors(count: 1)
        let ids = ["a", "B", "a-1", "Z", "b", "a.0", "a0"]
        for (index, id) in ids.enumerated() { try authors.put(0, id, votes: Int64(index)) }
        try authors[0].put(
            dataset: Authors.dataset, type: .party, id: "p-1",
            values: [("name", .string("P")), ("country", .string("FR")), ("classification", .enumeration("party"))])
        try authors[0].delete(dataset: Authors.dataset, id: "a0")
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            try await Self.apply(try authors.states(0), to: store, at: 9)
            var read: [String] = []
            var after: String?
            while true {
                let page = try await store.liveRecords(dataset: Self.dataset, type: .tally, after: after, limit: 2)
                #expect(page.count <= 2 && page.allSatisfy { $0.type == .tally && !$0.isDeleted })
                read += page.map(\.id)
                guard let last = page.last else { break }
                after = last.id
            }
            // Byte order ("B" and "Z" before "a"), the deleted "a0" left out, no party.
            #expect(read == ["B", "Z", "a", "a-1", "a.0", "b"])
            #expect(
                try await store.liveRecords(dataset: Self.dataset, type: .party, after: nil, limit: 10).map(\.id)
                    == ["p-1"])
            #expect(try await store.liveRecords(dataset: Self.dataset, type: .unit, after: nil, limit: 10).isEmpty)
            let missing = await #expect(throws: ReplicaError.self) {
                try await store.liveRecords(dataset: "nope", type: .tally, after: nil, limit: 10)
            }
            #expect(missing?.code == .datasetNotFound)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aTombstoneEveryPeerHasPassedIsCollectedAndTheRecordNeverComesBack(backend: StoreBackend) async throws {
        let authors = try Authors(count: 1)
        try authors.put(0, "t-1", votes: 1)
        try authors.put(0, "t-2", votes: 2)
        let live = try authors.states(0)
        try authors[0].delete(dataset: Authors.dataset, id: "t-1")
        let deleted = try authors.states(0)
        try await backend.run(.system) { store in
            try await store.createDataset(name: Self.dataset, kind: .election)
            try await Self.apply(deleted, to: store, from: authors[0].siteID, at: 3)
            #expect(try await store.dataset(named: Self.dataset)?.recordCount == 1)
            #expect(try await store.records(dataset: Self.dataset, ids: ["t-1"]).first?.isDeleted == true)
            let feed = try #require(try await store.dataset(named: Self.dataset)).feed
            // The only peer known has read the whole feed: the tombstone may go at once with no grace.
            try await store.recordDelivered(peer: authors[0].siteID, dataset: Self.dataset, cursor: feed)
            let collected = try await store.collectTombstones(dataset: Self.dataset, olderThan: 0)
            #expect(collected.collected == 1 && collected.horizon > 0)
            #expect(try await store.dataset(named: Self.dataset)?.horizon == collected.horizon)
            #expect(try await store.reconcileItems(dataset: Self.dataset, in: .all).map(\.id) == ["t-2"])
            // An old live copy arriving later stores the tombstone again, so its sender learns of the deletion.
            try await Self.apply(live, to: store, from: Self.peer, at: 2)
            let back = try #require(try await store.records(dataset: Self.dataset, ids: ["t-1"]).first)
            #expect(back.isDeleted)
            #expect(try await store.dataset(named: Self.dataset)?.recordCount == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func tokensAreHashedGrantedExpiredAndRevoked(backend: StoreBackend) async throws {
        try await backend.run(.system) { store in
            #expect(try await store.hasTokens() == false)
            let reader = try await store.createToken(dataset: "fr", scope: .read, label: nil, expires: nil)
            let writer = try await store.createToken(dataset: nil, scope: .write, label: "desk", expires: nil)
            let old = try await store.createToken(
                dataset: nil, scope: .read, label: nil, expires: Date().addingTimeInterval(-60))
            #expect([reader.info.label, writer.info.label, old.info.label] == ["token-1", "desk", "token-3"])
            #expect(reader.secret.hasPrefix("tly_") && reader.info.id.hasPrefix("tk_"))
            #expect(try await store.hasTokens())
            #expect(
                try await store.authorize(token: reader.secret) == .granted(TokenGrant(dataset: "fr", scope: .read)))
            #expect(
                try await store.authorize(token: writer.secret) == .granted(TokenGrant(dataset: nil, scope: .write)))
            #expect(try await store.authorize(token: old.secret) == .expired)
            #expect(try await store.authorize(token: "tly_" + String(repeating: "0", count: 64)) == .revokedOrUnknown)
            let taken = await #expect(throws: ReplicaError.self) {
                _ = try await store.createToken(dataset: nil, scope: .read, label: "desk", expires: nil)
            }
            #expect(taken?.code == .labelTaken)
            #expect(try await store.revokeToken("desk").revoked != nil)
            #expect(try await store.authorize(token: writer.secret) == .revokedOrUnknown)
            #expect(try await store.hasTokens(), "revoking every token never opens the server")
            let listed = try await store.tokens()
            #expect(listed.map(\.label) == ["token-1", "desk", "token-3"])
            #expect(listed.map { $0.status(at: Date()) } == [.active, .revoked, .expired])
            let unknown = await #expect(throws: ReplicaError.self) { _ = try await store.revokeToken("nope") }
            #expect(unknown?.code == .tokenNotFound)
        }
    }
}
