public import Foundation
public import Wire

/// A store that wraps another and hands it every call it does not implement itself: the server's per-connection
/// observer (`ObservedStore`) and tests' watchers implement only the calls they look at.
public protocol ForwardingRecordStore: RecordStore {
    /// The store every other call goes to.
    var inner: any RecordStore { get }
}

extension ForwardingRecordStore {
    /// `inner`'s site id.
    public var siteID: SiteID { inner.siteID }
    /// `inner`'s wall clock.
    public var wallClock: WallClock { inner.wallClock }
    /// `inner`'s maximum clock skew.
    public var maxClockSkew: UInt64 { inner.maxClockSkew }

    /// Forwards to `inner`.

    /// Forwards to `inner`.
    public func dataset(named name: String) async throws -> DatasetInfo? { try await inner.dataset(named: name) }

    /// Forwards to `inner`.
    public func createDataset(name: String, kind: DatasetKind) async throws {
        try await inner.createDataset(name: name, kind: kind)
    }

    /// Forwards to `inner`.
    public func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?)
        async throws -> ChangeSlice
    {
        try await inner.readChanges(dataset: dataset, after: sequence, limit: limit, excluding: peer)
    }

    /// Forwards to `inner`.
    public func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor)
        async throws -> ApplyResult
    {
        try await inner.applyBatch(dataset: dataset, records: records, from: peer, cursor: cursor)
    }

    /// Forwards to `inner`.
    public func cursor(peer: SiteID, dataset: String, direction: FeedDirection) async throws -> FeedCursor? {
        try await inner.cursor(peer: peer, dataset: dataset, direction: direction)
    }

    /// Forwards to `inner`.
    public func recordDelivered(peer: SiteID, dataset: String, cursor: FeedCursor) async throws {
        try await inner.recordDelivered(peer: peer, dataset: dataset, cursor: cursor)
    }

    /// Forwards to `inner`.
    public func reconcileSummary(dataset: String, of range: IDRange) async throws -> RangeSummary {
        try await inner.reconcileSummary(dataset: dataset, of: range)
    }

    /// Forwards to `inner`.
    public func reconcileItems(dataset: String, in range: IDRange) async throws -> [ReconcileItem] {
        try await inner.reconcileItems(dataset: dataset, in: range)
    }

    /// Forwards to `inner`.
    public func reconcileIDs(dataset: String, in range: IDRange, at positions: [Int]) async throws -> [String] {
        try await inner.reconcileIDs(dataset: dataset, in: range, at: positions)
    }

    /// Forwards to `inner`.
    public func records(dataset: String, ids: [String]) async throws -> [RecordState] {
        try await inner.records(dataset: dataset, ids: ids)
    }

    /// Forwards to `inner`.
    public func log(dataset: String, limit: Int) async throws -> [LogEntry] {
        try await inner.log(dataset: dataset, limit: limit)
    }

    /// Forwards to `inner`.
    public func conflicts(dataset: String) async throws -> [Conflict] { try await inner.conflicts(dataset: dataset) }

    /// Forwards to `inner`.
    public func liveRecords(dataset: String, type: RecordType, after id: String?, limit: Int) async throws
        -> [RecordState]
    {
        try await inner.liveRecords(dataset: dataset, type: type, after: id, limit: limit)
    }

    /// Forwards to `inner`.
    public func applyCarried(_ changes: CarriedChanges) async throws -> CarriedOutcome {
        try await inner.applyCarried(changes)
    }

    /// Forwards to `inner`.
    public func lastClock() async throws -> HLCTimestamp { try await inner.lastClock() }

    /// Forwards to `inner`.
    public func recordPeerClock(_ measurement: PeerClock) async throws { try await inner.recordPeerClock(measurement) }

    /// Forwards to `inner`.
    public func hasTokens() async throws -> Bool { try await inner.hasTokens() }

    /// Forwards to `inner`.
    public func authorize(token: String) async throws -> TokenAuthorization { try await inner.authorize(token: token) }

    /// Forwards to `inner`.
    public func datasets() async throws -> [DatasetInfo] { try await inner.datasets() }

    /// Forwards to `inner`.
    public func storedRecordCounts() async throws -> [String: Int] { try await inner.storedRecordCounts() }

    /// Forwards to `inner`.
    public func collectTombstones(dataset: String, olderThan grace: UInt64) async throws -> TombstoneCollection {
        try await inner.collectTombstones(dataset: dataset, olderThan: grace)
    }

    /// Forwards to `inner`.
    public func tokens() async throws -> [TokenInfo] { try await inner.tokens() }

    /// Forwards to `inner`.
    public func createToken(dataset: String?, scope: TokenScope, label: String?, expires: Date?) async throws
        -> NewToken
    {
        try await inner.createToken(dataset: dataset, scope: scope, label: label, expires: expires)
    }

    /// Forwards to `inner`.
    public func revokeToken(_ labelOrID: String) async throws -> TokenInfo { try await inner.revokeToken(labelOrID) }
}
