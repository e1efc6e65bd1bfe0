public import Wire

/// Tunables of a sync session. Each has a default and a CLI flag on `tally serve`.
public struct SessionOptions: Sendable {
    /// Records per batch the sender aims for.
    public var batchSize: Int = 2_000
    /// The most records a receiver accepts in one batch; more is a protocol violation.
    public var maxBatchRecords: Int = 10_000
    /// Batches a sender may have sent and not yet seen acknowledged.
    public var window: Int = 4

    /// The defaults.
    public init() {}

    /// The capabilities this side offers in HELLO or WELCOME: Wire's defaults with this window, and the
    /// features this implementation has (`reconcile`).
    public var capabilities: Capabilities {
        var capabilities = Capabilities.defaults
        capabilities.window = UInt16(clamping: window)
        capabilities.features = [ProtocolFeature.reconcile]
        return capabilities
    }
}
