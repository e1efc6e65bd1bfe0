public import Wire

/// What a store holds for one record id when a state for it arrives: the input of `ApplyDecision`.
public enum StoredState: Hashable, Sendable {
    /// The store has never held the id.
    case none
    /// A stored record, live or deleted.
    case record(RecordState)
    /// The marker a collected tombstone left: the tombstone without its fields, kept outside the feed so an old
    /// copy of the record cannot come back.
    case collected(marker: RecordState)

    /// The stored state or marker, or `nil` for `.none`.
    public var state: RecordState? {
        switch self {
        case .none: nil
        case .record(let state), .collected(let state): state
        }
    }

    /// `true` when the store counts the id among its live records (a stored record that is not deleted).
    public var isCountedLive: Bool {
        guard case .record(let state) = self else { return false }
        return !state.isDeleted
    }

    /// `true` when the store counts the id among its conflicts (a stored record listed by `conflicts`).
    public var isCountedConflicted: Bool {
        guard case .record(let state) = self else { return false }
        return state.isListedAsConflicted
    }
}
