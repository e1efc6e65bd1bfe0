public import Foundation
public import Store
public import Wire

/// The SQLite backend of `RecordStore`: a `Replica` whose calls run on `StoreThreads` (reads on the reader lane,
/// each from a WAL snapshot; writes on the writer lane), never on Swift's cooperative pool.
public struct ReplicaRecordStore: RecordStore {
    /// The replica served or synced.
    public let replica: Replica

    /// Called with each call's name on the thread that runs it (tests check the lanes with it).
    package var observer: (@Sendable (_ call: String) -> Void)?

    /// Wraps a replica.
    public init(replica: Replica) {
        self.replica = replica
    }

    /// The replica's site id.
    public var siteID: SiteID { replica.siteID }
    /// The wall clock the replica was opened with.
    public var wallClock: WallClock { replica.options.wallClock }
    /// The largest clock skew, in milliseconds, the replica accepts.
    public var maxClockSkew: UInt64 { replica.options.maxDrift }

    /// The dataset `name`, or `nil`; read on a reader thread.
    public func dataset(named name: String) async throws -> DatasetInfo? {
        try await read("dataset") { try $0.dataset(named: name) }
    }

    /// Creates the dataset `name` of `kind`; on the writer thread.
    public func createDataset(name: String, kind: DatasetKind) async throws {
        try await write("createDataset") { _ = try $0.createDataset(named: name, kind: kind) }
    }

    /// Up to `limit` feed entries after `sequence`, leaving out those `peer` sent; from one WAL snapshot.
    public func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?)
        async throws -> ChangeSlice
    {
        try await read("readChanges") {
            try $0.changes(dataset: dataset, after: sequence, limit: limit, excludingPeer: peer)
        }
    }

    /// Checks `records` (the incoming gate) and applies them with `cursor` in one transaction on the writer thread: whole or not at all.
    public func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor)
        async throws -> ApplyResult
    {
        // The gate runs on the writer thread with the kind the apply reads, not on the cooperative pool: checking
        // a large batch there would hold up every other connection's handshake.
        try await write("applyBatch") {
            try $0.apply(
                dataset: dataset, records: records, from: peer,
                cursor: CursorUpdate(peer: peer, direction: .pull, cursor: cursor)
            ) { kind throws(ReplicaError) in try IncomingStates.check(records, in: kind, dataset: dataset) }
        }
    }

    /// The feed position held for `peer` in `direction`, or `nil`.
    public func cursor(peer: SiteID, dataset: String, direction: FeedDirection) async throws -> FeedCursor? {
        try await read("cursor") { try $0.cursor(peer: peer, dataset: dataset, direction: direction) }
    }

    /// Applies the changes a bundle carried, in one transaction.
    public func applyCarried(_ changes: CarriedChanges) async throws -> CarriedOutcome {
        try await write("applyCarried") { try $0.applyCarried(changes) }
    }

    /// The highest clock the replica has issued or seen.
    public func lastClock() async throws -> HLCTimestamp {
        try await read("lastClock") { try $0.lastClock() }
    }

    /// Records that `peer` holds this dataset up to `cursor` (an input of tombstone collection).
    public func recordDelivered(peer: SiteID, dataset: String, cursor: FeedCursor) async throws {
        try await write("recordDelivered") { try $0.recordDelivery(peer: peer, dataset: dataset, cursor: cursor) }
    }

    /// The count and digest sum of the records whose ids fall in `range`.
    public func reconcileSummary(dataset: String, of range: IDRange) async throws -> RangeSummary {
        let (count, sum) = try await read("reconcileSummary") {
            try $0.reconcileSum(dataset: dataset, from: range.lower, to: range.upper)
        }
        return RangeSummary(count: count, high: sum.high, low: sum.low)
    }

    /// The ids and digests of the records in `range`, in id order.
    public func reconcileItems(dataset: String, in range: IDRange) async throws -> [ReconcileItem] {
        try await read("reconcileItems") { try $0.reconcileItems(dataset: dataset, from: range.lower, to: range.upper) }
    }

    /// The ids at `positions` (0-based, in id order) within `range`.
    public func reconcileIDs(dataset: String, in range: IDRange, at positions: [Int]) async throws -> [String] {
        try await read("reconcileIDs") {
            try $0.reconcileIDs(dataset: dataset, from: range.lower, to: range.upper, at: positions)
        }
    }

    /// The stored states of `ids` that exist, tombstones included.
    public func records(dataset: String, ids: [String]) async throws -> [RecordState] {
        try await read("records") { try $0.records(dataset: dataset, ids: ids) }
    }

    /// The newest `limit` feed entries, newest first.
    public func log(dataset: String, limit: Int) async throws -> [LogEntry] {
        try await read("log") { try $0.log(dataset: dataset, limit: limit) }
    }

    /// The open conflicts of the dataset.
    public func conflicts(dataset: String) async throws -> [Conflict] {
        try await read("conflicts") { try $0.conflicts(dataset: dataset) }
    }

    /// Up to `limit` live records of `type` after the id `id`, in id order.
    public func liveRecords(dataset: String, type: RecordType, after id: String?, limit: Int) async throws
        -> [RecordState]
    {
        try await read("liveRecords") { try $0.liveRecords(dataset: dataset, type: type, after: id, limit: limit) }
    }

    /// Remembers a measurement of a peer's clock against ours.
    public func recordPeerClock(_ measurement: PeerClock) async throws {
        try await write("recordPeerClock") { try $0.recordPeerClock(measurement) }
    }

    /// Whether any access token exists (none: the replica serves everyone).
    public func hasTokens() async throws -> Bool {
        try await read("hasTokens") { try $0.hasTokens() }
    }

    /// What `token` may do; a write, as it records the last use.
    public func authorize(token: String) async throws -> TokenAuthorization {
        // Authorizing records the token's use now and then: a write.
        try await write("authorize") { try $0.authorize(token: token) }
    }

    /// Every dataset, by name.
    public func datasets() async throws -> [DatasetInfo] {
        try await read("datasets") { try $0.datasets() }
    }

    /// The stored records of each dataset, tombstones included.
    public func storedRecordCounts() async throws -> [String: Int] {
        try await read("storedRecordCounts") { try $0.storedRecordCounts() }
    }

    /// Drops the tombstones older than `grace` that every known peer has pulled, leaving their markers.
    public func collectTombstones(dataset: String, olderThan grace: UInt64) async throws -> TombstoneCollection {
        try await write("collectTombstones") { try $0.collectTombstones(dataset: dataset, olderThan: grace) }
    }

    /// Every token, without its secret.
    public func tokens() async throws -> [TokenInfo] {
        try await read("tokens") { try $0.tokens() }
    }

    /// Makes a token; its secret is returned this once.
    public func createToken(dataset: String?, scope: TokenScope, label: String?, expires: Date?) async throws
        -> NewToken
    {
        try await write("createToken") {
            try $0.createToken(dataset: dataset, scope: scope, label: label, expires: expires)
        }
    }

    /// Revokes the token with this label or id.
    public func revokeToken(_ labelOrID: String) async throws -> TokenInfo {
        try await write("revokeToken") { try $0.revokeToken(labelOrID) }
    }

    /// Runs `body` on a reader thread.
    private func read<T: Sendable>(_ call: String, _ body: @escaping @Sendable (Replica) throws -> T) async throws
        -> T
    {
        let (replica, observer) = (self.replica, self.observer)
        return try await StoreThreads.shared.read {
            observer?(call)
            return try body(replica)
        }
    }

    /// Runs `body` on a writer thread.
    private func write<T: Sendable>(_ call: String, _ body: @escaping @Sendable (Replica) throws -> T) async throws
        -> T
    {
        let (replica, observer) = (self.replica, self.observer)
        return try await StoreThreads.shared.write {
            observer?(call)
            return try body(replica)
        }
    }
}
