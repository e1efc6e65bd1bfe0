/// What applying a batch of remote records did.
public struct ApplyResult: Hashable, Sendable {
    /// Records whose local state changed (new records included).
    public var applied: Int
    /// Of `applied`, records the replica did not hold before (new here; the rest were updates).
    public var created: Int
    /// Records the local state already covered: nothing written, no sequence used.
    public var unchanged: Int
    /// Records that had no open conflict before and have one now.
    public var newConflicts: Int

    /// Makes a result.
    public init(applied: Int = 0, created: Int = 0, unchanged: Int = 0, newConflicts: Int = 0) {
        self.applied = applied
        self.created = created
        self.unchanged = unchanged
        self.newConflicts = newConflicts
    }
}
