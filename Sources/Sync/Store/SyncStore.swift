public import Replica
public import Wire

/// What a sync session needs of a replica. The Replica store conforms through `ReplicaSyncStore`; tests may use
/// the same adapter over temporary stores, so sessions are always tested against real merge and real SQLite.
public protocol SyncStore: Sendable {
    /// This replica's site id.
    var siteID: SiteID { get }
    /// Every dataset, sorted by name.
    func listDatasets() throws -> [DatasetSummary]
    /// One dataset, or `nil`.
    func dataset(named name: String) throws -> DatasetSummary?
    /// Creates an empty dataset of `kind`.
    func createDataset(name: String, kind: DatasetKind) throws
    /// Up to `limit` changed records after `sequence`, skipping those whose state `peer` is known to hold.
    func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?) throws
        -> ChangeSlice
    /// Validates, merges and commits one batch from `peer`, and records `cursor` (the position in the peer's feed
    /// this batch brings us to) in the same transaction. A batch with an invalid record is refused whole with a
    /// `SyncError` of code `.invalidRecord` naming the records, and changes nothing.
    func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor) throws
        -> BatchOutcome
    /// The position in `peer`'s feed of `dataset` that this replica has applied, if known.
    func cursor(peer: SiteID, dataset: String) throws -> FeedCursor?
    /// Records that `peer` acknowledged `cursor`, a position in this replica's feed of `dataset` (tombstone
    /// collection waits for every known peer to pass a tombstone).
    func recordDelivered(peer: SiteID, dataset: String, cursor: FeedCursor) throws
    /// The dataset's `(id, digest)` pairs, tombstones included, as reconciliation reads them.
    func reconcileSource(dataset: String) throws -> any ReconcileItemSource
    /// The states of those of `ids` that the dataset holds (live or deleted), in the order given.
    func records(dataset: String, ids: [String]) throws -> [RecordState]
    /// Remembers the wall clock a peer showed at the handshake (for `tally status` and the local-write check).
    func recordPeerClock(_ measurement: PeerClock) throws
}

/// One dataset as a sync session sees it.
public struct DatasetSummary: Hashable, Sendable {
    /// The dataset's name.
    public var name: String
    /// What it holds.
    public var kind: DatasetKind
    /// The change feed's current position: its epoch and the last sequence number issued.
    public var feed: FeedCursor
    /// Live records.
    public var recordCount: UInt64
    /// The highest feed sequence of a collected (dropped) tombstone: a pull cursor below it is stale.
    public var horizon: UInt64

    /// Makes a summary.
    public init(name: String, kind: DatasetKind, feed: FeedCursor, recordCount: UInt64, horizon: UInt64 = 0) {
        self.name = name
        self.kind = kind
        self.feed = feed
        self.recordCount = recordCount
        self.horizon = horizon
    }
}

/// A slice of a change feed.
public struct ChangeSlice: Sendable {
    /// The records changed in the slice (latest state of each), in feed order, encoded as the store holds them.
    public var records: EncodedRecords
    /// The highest sequence the slice covers, including records skipped as already held by the peer.
    public var reached: UInt64
    /// `true` when nothing is left after `reached`.
    public var isComplete: Bool
    /// The rows of the feed the store read to make the slice, those left out included.
    public var rowsRead: Int

    /// Makes a slice.
    public init(records: EncodedRecords, reached: UInt64, isComplete: Bool, rowsRead: Int = 0) {
        self.records = records
        self.reached = reached
        self.isComplete = isComplete
        self.rowsRead = rowsRead
    }
}

/// What applying one batch did.
public struct BatchOutcome: Hashable, Sendable {
    /// Records whose local state changed.
    public var applied: Int
    /// Of `applied`, records that were new here (the rest were updates).
    public var created: Int
    /// Records already known (nothing changed).
    public var unchanged: Int
    /// Records that gained a conflict.
    public var newConflicts: Int

    /// Makes an outcome.
    public init(applied: Int, unchanged: Int, newConflicts: Int, created: Int = 0) {
        self.applied = applied
        self.created = created
        self.unchanged = unchanged
        self.newConflicts = newConflicts
    }
}
