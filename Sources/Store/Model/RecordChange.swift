/// What one local write did to a record.
public enum RecordChange: Hashable, Sendable {
    /// The record did not exist or was deleted: the write created it.
    case created
    /// The record was live and at least one field took a new value (or had a conflict settled).
    case changed
    /// Every given value equals the value read now: nothing was written (no clock, no feed entry, nothing to sync).
    case unchanged
}
