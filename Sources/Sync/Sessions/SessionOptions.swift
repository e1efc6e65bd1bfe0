public import Store
public import Wire

/// Tunables of a sync session. Each has a default and a CLI flag on `tally serve`.
public struct SessionOptions: Sendable {
    /// Records per batch the sender aims for.
    public var batchSize: Int = 2_000
    /// The most records a receiver accepts in one batch; more is a protocol violation.
    public var maxBatchRecords: Int = 10_000
    /// Batches a sender may have sent and not yet seen acknowledged.
    public var window: Int = 4
    /// The wall clock sent in HELLO or WELCOME and compared with the peer's (Protocol.md §5).
    public var wallClock: WallClock = .system
    /// The most two wall clocks may differ (ms) before the handshake is refused (`--max-clock-skew`).
    public var maxClockSkew: UInt64 = HybridLogicalClock.defaultMaxDrift
    /// The message-catalogue versions a client offers in HELLO and a server accepts (Protocol.md §9): every
    /// version this implementation speaks. A client narrows it to fall back to a version-1 server; a server
    /// narrowed to `1...1` behaves as a version-1 server does (tests use it to stand for one).
    public var protocolVersions: ClosedRange<UInt16> = ProtocolVersion.supported

    /// The defaults.
    public init() {}

    /// These options with the wall clock and maximum clock skew `store` was opened with.
    public func clocks(of store: any RecordStore) -> SessionOptions {
        var options = self
        options.wallClock = store.wallClock
        options.maxClockSkew = store.maxClockSkew
        return options
    }

    /// The capabilities this side offers in HELLO or WELCOME: Wire's defaults with this window, and the
    /// features this implementation has (`reconcile`).
    public var capabilities: Capabilities {
        var capabilities = Capabilities.defaults
        capabilities.window = UInt16(clamping: window)
        capabilities.features = [ProtocolFeature.reconcile]
        return capabilities
    }
}
