import Foundation
import Synchronization
import Replica
import Sync
import Wire

/// A store around a real one that notes the name of the thread each call runs on, counts the feed rows it reads,
/// and, while `holdApplies` is set, keeps every `applyBatch` waiting (a slow writer) until `releaseApplies()`.
final class WatchedStore: SyncStore, Sendable {
    let inner: any SyncStore
    private let calls = Mutex<[(call: String, thread: String)]>([])
    private let held = Mutex(0)
    private let rows = Mutex(0)
    private let gate = DispatchSemaphore(value: 0)
    private let holding: Bool

    init(_ inner: any SyncStore, holdApplies: Bool = false) {
        self.inner = inner
        self.holding = holdApplies
    }

    /// Every call so far, with the name of the thread it ran on.
    var recorded: [(call: String, thread: String)] { calls.withLock { $0 } }
    /// The rows of the change feed the store read so far to answer `readChanges`, left-out echoes included.
    var rowsRead: Int { rows.withLock { $0 } }
    /// Applies waiting for `releaseApplies()` now.
    var appliesHeld: Int { held.withLock { $0 } }

    /// Lets every held apply (and all later ones) go on.
    func releaseApplies() {
        for _ in 0..<64 { gate.signal() }
    }

    private func note(_ call: String) {
        // Linux: the name of the calling thread (at most 15 characters, as NIO sets it).
        let comm = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
        let thread = comm?.trimmingCharacters(in: .newlines) ?? "?"
        calls.withLock { $0.append((call, thread)) }
    }

    var siteID: SiteID { inner.siteID }

    func listDatasets() throws -> [DatasetSummary] {
        note("listDatasets")
        return try inner.listDatasets()
    }

    func dataset(named name: String) throws -> DatasetSummary? {
        note("dataset")
        return try inner.dataset(named: name)
    }

    func createDataset(name: String, kind: DatasetKind) throws {
        note("createDataset")
        try inner.createDataset(name: name, kind: kind)
    }

    func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?) throws
        -> ChangeSlice
    {
        note("readChanges")
        let slice = try inner.readChanges(dataset: dataset, after: sequence, limit: limit, excluding: peer)
        rows.withLock { $0 += slice.rowsRead }
        return slice
    }

    func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor) throws
        -> BatchOutcome
    {
        note("applyBatch")
        if holding {
            held.withLock { $0 += 1 }
            gate.wait()
            gate.signal()
            held.withLock { $0 -= 1 }
        }
        return try inner.applyBatch(dataset: dataset, records: records, from: peer, cursor: cursor)
    }

    func cursor(peer: SiteID, dataset: String) throws -> FeedCursor? {
        note("cursor")
        return try inner.cursor(peer: peer, dataset: dataset)
    }

    func recordDelivered(peer: SiteID, dataset: String, cursor: FeedCursor) throws {
        note("recordDelivered")
        try inner.recordDelivered(peer: peer, dataset: dataset, cursor: cursor)
    }

    func reconcileSource(dataset: String) throws -> any ReconcileItemSource {
        note("reconcileSource")
        return try inner.reconcileSource(dataset: dataset)
    }

    func records(dataset: String, ids: [String]) throws -> [RecordState] {
        note("records")
        return try inner.records(dataset: dataset, ids: ids)
    }

    func recordPeerClock(_ measurement: PeerClock) throws {
        note("recordPeerClock")
        try inner.recordPeerClock(measurement)
    }

    /// The watched stores of a test, in the order they were made.
    final class Registry: Sendable {
        private let made = Mutex<[WatchedStore]>([])

        /// A new watched store around `store`, kept in `all`.
        func watch(_ store: any SyncStore) -> any SyncStore {
            let watched = WatchedStore(store)
            made.withLock { $0.append(watched) }
            return watched
        }

        /// Every store made so far.
        var all: [WatchedStore] { made.withLock { $0 } }
    }
}
