public import Wire

/// What one mirror run pulled.
public struct MirrorRunResult: Sendable {
    /// The upstream's site id.
    public var upstreamSite: SiteID
    /// The datasets pulled, in order.
    public var datasets: [String]
    /// Records received in all.
    public var recordsReceived: Int
    /// Records whose local state changed.
    public var recordsApplied: Int
    /// Of `recordsApplied`, records this replica did not hold before.
    public var recordsCreated: Int = 0
    /// Records this replica already held exactly.
    public var recordsUnchanged: Int = 0
    /// Upstream sequence minus our cursor, summed over the datasets, at the end of the run.
    public var lagRecords: UInt64
}
