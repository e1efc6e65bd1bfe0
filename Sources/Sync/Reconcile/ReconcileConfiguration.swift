/// The split thresholds of range-based reconciliation (Protocol.md §11.4). Both sides may use different values;
/// the result is exact either way, only the bytes and rounds change.
public struct ReconcileConfiguration: Hashable, Sendable {
    /// A side that holds at most this many items of a range whose fingerprints differ sends its id list
    /// instead of splitting the range.
    public var idListThreshold: Int = 2
    /// Into how many ranges a differing range is split.
    public var fanout: Int = 8
    /// The opening message aims for ranges of about this many items...
    public var initialRangeSize: Int = 4_096
    /// ...with at most this many ranges.
    public var maximumInitialRanges: Int = 1_024
    /// A responder lists its items in a range whose id list it received when it holds at most this many;
    /// above, it splits the range instead.
    public var maximumReplyList: Int = 256
    /// A message stops growing past about this many bytes (or near 65,536 ranges): the rest of the id space is
    /// sent back as one fingerprint of this side's items, for a later round.
    public var maximumMessageBytes: Int = 4 << 20

    /// The defaults.
    public init() {}
}
