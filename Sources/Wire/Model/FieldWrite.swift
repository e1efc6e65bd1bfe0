/// One write of one field: the value and the (clock, site) of the replica that wrote it.
///
/// A write is identified by its `(clock, site)` dot; two writes with the same dot are the same write.
/// The winner among concurrent writes is the one with the higher `(clock, site)`.
public struct FieldWrite: Hashable, Sendable {
    /// The value written; `.null` means the field was cleared (absent).
    public var value: FieldValue
    /// When it was written, on the writer's hybrid logical clock.
    public var clock: HLCTimestamp
    /// Who wrote it.
    public var site: SiteID

    /// Makes a write.
    public init(value: FieldValue, clock: HLCTimestamp, site: SiteID) {
        self.value = value
        self.clock = clock
        self.site = site
    }

    /// `true` when `self` wins over `other` among concurrent writes: higher clock, then higher site.
    public func beats(_ other: FieldWrite) -> Bool {
        (clock, site) > (other.clock, other.site)
    }
}
