public import Foundation
public import Wire

/// The one seam between the rest of tally and whatever keeps the records: what sessions, the server, bundles,
/// mirrors and the CLI's verbs on a server's store (`--store`: status, export, get, check, conflicts, log, tokens)
/// need of a store. The verbs that edit (put, delete, resolve, import) work on a replica folder. `Replica` (SQLite) is one backend, through `ReplicaRecordStore`; the PostgreSQL
/// backend is another. Every backend runs the same merge (`ApplyDecision`), the same gate for incoming states
/// (`IncomingStates`) and the same reconcile digest (`StateDigest`), so they cannot disagree on what a batch does.
///
/// Every call is async and every call is one transaction: a call that throws has changed nothing. A backend never
/// blocks a thread of Swift's cooperative pool: a synchronous engine (SQLite) runs its calls on `StoreThreads`, an
/// asynchronous one (PostgreSQL over SwiftNIO) awaits its I/O. Errors are `ReplicaError`s (`SyncError(replica:)`
/// is the one mapping to what a peer hears).
public protocol RecordStore: Sendable {
    /// This store's site id.
    var siteID: SiteID { get }
    /// The wall clock the store's hybrid logical clock reads (sessions send it in HELLO and WELCOME).
    var wallClock: WallClock { get }
    /// The most (ms) a peer's clock may be ahead of `wallClock` before its records are refused.
    var maxClockSkew: UInt64 { get }

    /// Every dataset with its feed position, counts and horizon, sorted by name.
    func datasets() async throws -> [DatasetInfo]
    /// One dataset, or `nil`.
    func dataset(named name: String) async throws -> DatasetInfo?
    /// Creates an empty dataset of `kind` with a fresh random epoch.
    func createDataset(name: String, kind: DatasetKind) async throws
    /// Up to `limit` changed records after `sequence`, skipping those whose state `peer` is known to hold.
    func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?) async throws
        -> ChangeSlice
    /// Checks every state at the gate (`IncomingStates`), merges and commits one batch from `peer`, and records
    /// `cursor` (the position in the peer's feed this batch brings us to) in the same transaction. A batch with a
    /// refused state throws `ReplicaError` (`.invalidRecord`, `.kindMismatch`, `.typeChange`, `.clockDrift`)
    /// naming the records, and changes nothing.
    func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor) async throws
        -> ApplyResult
    /// The saved cursor of `peer` on `dataset` in `direction`, if known: with `.pull`, the position in `peer`'s
    /// feed that this store has applied; with `.push`, what `peer` acknowledged of this store's feed.
    func cursor(peer: SiteID, dataset: String, direction: FeedDirection) async throws -> FeedCursor?
    /// Records that `peer` acknowledged `cursor`, a position in this store's feed of `dataset` (tombstone
    /// collection waits for every known peer to pass a tombstone).
    func recordDelivered(peer: SiteID, dataset: String, cursor: FeedCursor) async throws
    /// The count and digest sum of the dataset's records (tombstones included) with ids in `range`.
    func reconcileSummary(dataset: String, of range: IDRange) async throws -> RangeSummary
    /// The `(id, digest)` of every record of the dataset in `range`, ids ascending.
    func reconcileItems(dataset: String, in range: IDRange) async throws -> [ReconcileItem]
    /// The ids at `positions` (0-based, ascending) among the dataset's records in `range`.
    func reconcileIDs(dataset: String, in range: IDRange, at positions: [Int]) async throws -> [String]
    /// The states of those of `ids` that the dataset holds (live or deleted), in the order given.
    func records(dataset: String, ids: [String]) async throws -> [RecordState]
    /// The latest `limit` changes of the dataset's feed, newest first (`tally log`).
    func log(dataset: String, limit: Int) async throws -> [LogEntry]
    /// Every open conflict of the dataset, sorted by type, id (byte order) and field (`tally conflicts`).
    func conflicts(dataset: String) async throws -> [Conflict]
    /// Up to `limit` live records of `type` in `dataset` whose ids come after `id` (`nil`: from the first), ids
    /// ascending in byte order: `tally export` reads a dataset type by type, page by page.
    func liveRecords(dataset: String, type: RecordType, after id: String?, limit: Int) async throws -> [RecordState]
    /// Applies changes carried by file (a bundle) as a pull from their creator would, in ONE transaction: creates
    /// the datasets missing here, merges every batch in order with the engine's checks (history, clock), saves
    /// the pull cursor per `CarriedCursors`, and, for changes written for this store, records what the creator
    /// acknowledged of this store's feed. A refused state (or a batch the carrier cannot read) throws, having
    /// changed nothing.
    func applyCarried(_ changes: CarriedChanges) async throws -> CarriedOutcome
    /// The last hybrid logical clock reading this store issued or observed.
    func lastClock() async throws -> HLCTimestamp
    /// Remembers the wall clock a peer showed at the handshake (for `tally status` and the local-write check).
    func recordPeerClock(_ measurement: PeerClock) async throws

    /// `true` once any token was created (the server then requires one).
    func hasTokens() async throws -> Bool
    /// What the token table says about `token`; records its use (at most once per `TokenSecret.useResolution`).
    func authorize(token: String) async throws -> TokenAuthorization

    // What the server's operator side reads and does: the status page, tombstone collection, `tally token`.

    /// Per dataset, the records it holds, tombstones included.
    func storedRecordCounts() async throws -> [String: Int]
    /// Drops the dataset's tombstones older than `grace` (ms) that every known peer has passed, leaving their
    /// markers, and raises the dataset's horizon (Protocol.md §11.3).
    func collectTombstones(dataset: String, olderThan grace: UInt64) async throws -> TombstoneCollection
    /// Every token, revoked ones included, oldest first; never the secrets or their hashes.
    func tokens() async throws -> [TokenInfo]
    /// Creates a token for `dataset` (`nil`: every dataset) labelled `label` (`token-N` when `nil`), refused from
    /// `expires` on (`nil`: never). Only its hash is stored; the secret is returned once.
    func createToken(dataset: String?, scope: TokenScope, label: String?, expires: Date?) async throws -> NewToken
    /// Revokes the token whose id or label is `labelOrID` (`.tokenNotFound` when no token that is not revoked has
    /// it).
    func revokeToken(_ labelOrID: String) async throws -> TokenInfo
}

extension RecordStore {
    /// The position in `peer`'s feed of `dataset` that this store has applied, if known.
    public func cursor(peer: SiteID, dataset: String) async throws -> FeedCursor? {
        try await cursor(peer: peer, dataset: dataset, direction: .pull)
    }
}
