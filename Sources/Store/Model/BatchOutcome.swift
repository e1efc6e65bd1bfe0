/// What applying one batch did.
public struct BatchOutcome: Hashable, Sendable {
    /// Records whose local state changed.
    public var applied: Int
    /// Of `applied`, records that were new here (the rest were updates).
    public var created: Int
    /// Records already known (nothing changed).
    public var unchanged: Int
    /// Records that gained a conflict.
    public var newConflicts: Int

    /// Makes an outcome.
    public init(applied: Int, unchanged: Int, newConflicts: Int, created: Int = 0) {
        self.applied = applied
        self.created = created
        self.unchanged = unchanged
        self.newConflicts = newConflicts
    }
}
