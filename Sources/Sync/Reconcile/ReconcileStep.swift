public import Wire

/// What one side does with one incoming reconcile message.
public struct ReconcileStep: Sendable {
    /// The ranges to send back, covering the whole id space, adjacent `skip` ranges merged.
    public var ranges: [ReconcileRange]
    /// Ids this side holds that the peer lacks or holds in another state (found by comparing id lists).
    public var have: [String]
    /// Ids the peer holds that this side lacks or holds in another state.
    public var need: [String]

    /// `true` when every outgoing range is `skip`: nothing is left to compare.
    public var isSettled: Bool {
        ranges.allSatisfy { $0.mode == .skip }
    }

    /// Makes a step.
    public init(ranges: [ReconcileRange], have: [String], need: [String]) {
        self.ranges = ranges
        self.have = have
        self.need = need
    }
}
