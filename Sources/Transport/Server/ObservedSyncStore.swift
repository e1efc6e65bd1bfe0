import Replica
import Sync
import Wire

/// The server's store as one connection's session sees it: every call goes to `inner`; applied batches are
/// timed and reported to `ServerActivity` (apply latency, records applied, conflicts made).
struct ObservedSyncStore: SyncStore {
    let inner: any SyncStore
    let activity: ServerActivity
    let connection: UInt64

    var siteID: SiteID { inner.siteID }

    func listDatasets() throws -> [DatasetSummary] { try inner.listDatasets() }

    func dataset(named name: String) throws -> DatasetSummary? { try inner.dataset(named: name) }

    func createDataset(name: String, kind: DatasetKind) throws { try inner.createDataset(name: name, kind: kind) }

    func readChanges(dataset: String, after sequence: UInt64, limit: Int, excluding peer: SiteID?) throws
        -> ChangeSlice
    {
        try inner.readChanges(dataset: dataset, after: sequence, limit: limit, excluding: peer)
    }

    func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor) throws
        -> BatchOutcome
    {
        let start = ContinuousClock.now
        let outcome = try inner.applyBatch(dataset: dataset, records: records, from: peer, cursor: cursor)
        activity.applied(
            connection, records: outcome.applied, conflicts: outcome.newConflicts, duration: ContinuousClock.now - start
        )
        return outcome
    }

    func cursor(peer: SiteID, dataset: String) throws -> FeedCursor? { try inner.cursor(peer: peer, dataset: dataset) }

    func recordDelivered(peer: SiteID, dataset: String, cursor: FeedCursor) throws {
        try inner.recordDelivered(peer: peer, dataset: dataset, cursor: cursor)
    }

    func reconcileSource(dataset: String) throws -> any ReconcileItemSource {
        try inner.reconcileSource(dataset: dataset)
    }

    func records(dataset: String, ids: [String]) throws -> [RecordState] {
        try inner.records(dataset: dataset, ids: ids)
    }

    func recordPeerClock(_ measurement: PeerClock) throws {
        activity.measuredClock(connection, skew: measurement.skew)
        try inner.recordPeerClock(measurement)
    }
}
