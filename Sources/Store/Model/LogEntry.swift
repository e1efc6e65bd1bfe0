public import Foundation
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
    /// The fields that latest write set or cleared, in name order (none for a delete).
    public var fields: [String]

    /// When the latest write was made: the physical part of its clock (milliseconds), in UTC.
    public var time: Date { Date(timeIntervalSince1970: TimeInterval(clock.milliseconds) / 1_000) }

    /// Makes a log entry.
    public init(
        sequence: UInt64, type: RecordType, id: String, deleted: Bool, clock: HLCTimestamp, site: SiteID,
        fields: [String] = []
    ) {
        self.sequence = sequence
        self.type = type
        self.id = id
        self.deleted = deleted
        self.clock = clock
        self.site = site
        self.fields = fields
    }

    /// The entry of a stored record state at feed position `sequence`; `localSite` stands for a state with no
    /// write at all.
    public init(sequence: UInt64, state: RecordState, localSite: SiteID) {
        let latest = state.versionVector.entries.max { ($0.clock, $0.site) < ($1.clock, $1.site) }
        let isLatest = { (write: FieldWrite) in write.clock == latest?.clock && write.site == latest?.site }
        self.init(
            sequence: sequence, type: state.type, id: state.id, deleted: state.isDeleted,
            clock: latest?.clock ?? .zero, site: latest?.site ?? localSite,
            fields: state.fields.filter { $0.writes.contains(where: isLatest) }.map(\.name)
        )
    }
}
