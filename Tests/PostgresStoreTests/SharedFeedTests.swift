import PostgresStore
import Store
import Synchronization
import TestSupport
import Testing
import Wire

/// The feed that several servers write at once (`SharedFeed`): two stores with two pools on one database, writers
/// through both while a reader tails the feed.
@Suite(.enabled(if: TestDatabase.isConfigured, TestDatabase.skipped))
struct SharedFeedTests {
    /// Every record written is read exactly once, and the reader's position only goes forward: no change that
    /// commits after a later sequence committed is skipped. (Checked against a mutant that takes sequences from a
    /// `nextval` sequence without the dataset and clock locks: its reader missed 360 to 580 of the 2,400 records.)
    @Test func aReaderTailingTheFeedSeesEveryConcurrentWriteExactlyOnce() async throws {
        let writers = 4
        let batches = 30
        let perBatch = 20
        try await TestDatabase.withFreshDatabase { location, password in
            try await PostgresRecordStore.withStore(location, password: password, logger: TestDatabase.logger) {
                first in
                try await PostgresRecordStore.withStore(location, password: password, logger: TestDatabase.logger) {
                    second in
                    #expect(first.siteID == second.siteID)
                    try await first.createDataset(name: "live", kind: .election)
                    let stores = [first, second]
                    let total = writers * batches * perBatch
                    let finished = FinishedWriters()
                    let seen = try await withThrowingTaskGroup(of: [String].self) { group in
                        for writer in 0..<writers {
                            group.addTask {
                                let store = stores[writer % 2]
                                let site = SiteID(high: UInt64(writer + 1), low: 7)
                                for batch in 0..<batches {
                                    let records = (0..<perBatch).map { index in
                                        Tallies.put(
                                            "w\(writer)-b\(batch)-r\(index)", votes: Int64(index), site: site,
                                            clock: Tallies.clock(UInt64(batch)))
                                    }
                                    let outcome = try await store.applyBatch(
                                        dataset: "live", records: records, from: site,
                                        cursor: FeedCursor(epoch: 1, sequence: UInt64(batch + 1)))
                                    #expect(outcome.created == perBatch)
                                }
                                finished.count.add(1, ordering: .sequentiallyConsistent)
                                return []
                            }
                        }
                        group.addTask {
                            var ids: [String] = []
                            var position: UInt64 = 0
                            var turn = 0
                            while true {
                                // Once every writer has finished, a read that reaches the end is the last.
                                let done = finished.count.load(ordering: .sequentiallyConsistent) == writers
                                // The reader alternates between the two servers too.
                                let slice = try await stores[turn % 2].readChanges(
                                    dataset: "live", after: position, limit: 37, excluding: nil)
                                turn += 1
                                #expect(slice.reached >= position)
                                #expect(slice.records.count == slice.rowsRead)
                                position = slice.reached
                                ids += try slice.records.storedStates().map(\.id)
                                if slice.isComplete {
                                    if done { break }
                                    await Task.yield()
                                }
                            }
                            return ids
                        }
                        var all: [String] = []
                        for try await ids in group { all += ids }
                        return all
                    }
                    #expect(seen.count == total)
                    #expect(Set(seen).count == total)
                    let info = try #require(try await second.datasets().first)
                    #expect(info.sequence == UInt64(total) && info.recordCount == total)
                }
            }
        }
    }
}

/// How many writers have finished, shared with the reader.
private final class FinishedWriters: Sendable {
    let count = Atomic<Int>(0)
}
