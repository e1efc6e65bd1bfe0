/// What `Replica.importRecords` did, record by record.
public struct ImportResult: Hashable, Sendable {
    /// Records that did not exist (or were deleted) and were created.
    public var created: Int
    /// Live records in which at least one field took a new value.
    public var changed: Int
    /// Records whose given values all equal what the replica reads: nothing written.
    public var unchanged: Int

    /// Makes a result.
    public init(created: Int = 0, changed: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.changed = changed
        self.unchanged = unchanged
    }

    /// Every record the import read: `created + changed + unchanged`.
    public var imported: Int { created + changed + unchanged }

    /// Counts one record's outcome.
    package mutating func count(_ change: RecordChange) {
        switch change {
        case .created: created += 1
        case .changed: changed += 1
        case .unchanged: unchanged += 1
        }
    }
}
