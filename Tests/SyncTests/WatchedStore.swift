import Foundation
import Synchronization
import Replica
import Store
import Sync
import Wire

/// The SQLite store of a test, watched: notes the name of the thread each call of the real store runs on, counts
/// the feed rows it reads, and, while `holdApplies` is set, keeps every `applyBatch` waiting on a writer thread
/// (a slow writer) until `releaseApplies()`.
final class WatchedStore: ForwardingRecordStore, Sendable {
    let inner: any RecordStore
    private let calls: CallLog
    private let held = Mutex(0)
    private let rows = Mutex(0)
    private let gate = DispatchSemaphore(value: 0)
    private let holding: Bool

    init(_ replica: Replica, holdApplies: Bool = false) {
        let calls = CallLog()
        var inner = ReplicaRecordStore(replica: replica)
        inner.observer = { call in
            // Linux: the name of the calling thread (at most 15 characters, as NIO sets it).
            let comm = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
            let thread = comm?.trimmingCharacters(in: .newlines) ?? "?"
            calls.entries.withLock { $0.append((call, thread)) }
        }
        self.inner = inner
        self.calls = calls
        self.holding = holdApplies
    }

    /// Every call of the real store so far, with the name of the thread it ran on.
    var recorded: [(call: String, thread: String)] { calls.entries.withLock { $0 } }
    /// The rows of the change feed the store read so far to answer `readChanges`, left-out echoes included.
    var rowsRead: Int { rows.withLock { $0 } }
    /// Applies waiting for `releaseApplies()` now.
    var appliesHeld: Int { held.withLock { $0 } }

    /// Lets every held apply (and all later ones) go on.
    func releaseApplies() {
        for _ in 0..<64 { gate.signal() }
    }

    func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?) async throws
        -> ChangeSlice
    {
        let slice = try await inner.readChanges(dataset: dataset, after: sequence, limit: limit, excluding: peer)
        rows.withLock { $0 += slice.rowsRead }
        return slice
    }

    func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor) async throws
        -> ApplyResult
    {
        if holding {
            try await StoreThreads.shared.write { [self] in
                held.withLock { $0 += 1 }
                gate.wait()
                gate.signal()
                held.withLock { $0 -= 1 }
            }
        }
        return try await inner.applyBatch(dataset: dataset, records: records, from: peer, cursor: cursor)
    }

    /// The calls noted, shared with the store's observer.
    final class CallLog: Sendable {
        let entries = Mutex<[(call: String, thread: String)]>([])
    }

    /// The watched stores of a test, in the order they were made.
    final class Registry: Sendable {
        private let made = Mutex<[WatchedStore]>([])

        /// A new watched store over the replica of `store` (a `ReplicaRecordStore`), kept in `all`.
        func watch(_ store: any RecordStore) -> any RecordStore {
            guard let replica = (store as? ReplicaRecordStore)?.replica else { return store }
            let watched = WatchedStore(replica)
            made.withLock { $0.append(watched) }
            return watched
        }

        /// Every store made so far.
        var all: [WatchedStore] { made.withLock { $0 } }
    }
}
