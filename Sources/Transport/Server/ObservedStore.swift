import Store
import Wire

/// The server's store as one connection's session sees it: every call goes to `inner`; applied batches are
/// timed and reported to `ServerActivity` (apply latency, records applied, conflicts made), and clock
/// measurements too.
struct ObservedStore: ForwardingRecordStore {
    let inner: any RecordStore
    let activity: ServerActivity
    let connection: UInt64

    func applyBatch(dataset: String, records: [RecordState], from peer: SiteID, cursor: FeedCursor) async throws
        -> ApplyResult
    {
        let start = ContinuousClock.now
        let outcome = try await inner.applyBatch(dataset: dataset, records: records, from: peer, cursor: cursor)
        activity.applied(
            connection, records: outcome.applied, conflicts: outcome.newConflicts, duration: ContinuousClock.now - start
        )
        return outcome
    }

    func recordPeerClock(_ measurement: PeerClock) async throws {
        activity.measuredClock(connection, skew: measurement.skew)
        try await inner.recordPeerClock(measurement)
    }
}
