public import Wire

/// One change of a record in a dataset's feed, as `tally log` shows it.
public struct LogEntry: Hashable, Sendable {
    /// The change's sequence number in the dataset's feed.
    public var sequence: UInt64
    /// The record type.
    public var type: RecordType
    /// The record id.
    public var id: String
    /// `true` when the record is deleted in this state.
    public var deleted: Bool
    /// The clock of the latest write the record has seen.
    public var clock: HLCTimestamp
    /// The site of that write.
    public var site: SiteID

    /// Makes a log entry.
    public init(sequence: UInt64, type: RecordType, id: String, deleted: Bool, clock: HLCTimestamp, site: SiteID) {
        self.sequence = sequence
        self.type = type
        self.id = id
        self.deleted = deleted
        self.clock = clock
        self.site = site
    }
}
