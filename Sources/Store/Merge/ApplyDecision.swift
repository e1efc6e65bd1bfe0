public import Wire

/// What an incoming state does to the stored state of its id: the whole apply rule, independent of any store.
///
/// Every backend loads the `StoredState`, asks `ApplyDecision(stored:incoming:)`, and executes the answer: it
/// writes `state` (a new row for `.insert`, over the stored row otherwise) with the next feed sequence, drops the
/// collected-tombstone marker when `dropsMarker`, remembers the sender as the row's source unless
/// `echoesToSender`, and adds the two counter changes to the dataset's counters. `.ignore` writes nothing.
public struct ApplyDecision: Hashable, Sendable {
    /// What the store does with the incoming state.
    public enum Action: Hashable, Sendable {
        /// The stored state already holds every write of the incoming one: nothing is written, no sequence used.
        case ignore
        /// No row holds the id (never seen, or only a collected tombstone's marker): a new row is stored.
        case insert
        /// The incoming state covers the stored row: it is stored as it came.
        case replace
        /// Neither covers the other: the merge of both is stored over the row.
        case merge
    }

    /// What the store does.
    public var action: Action
    /// The state to store: `nil` for `.ignore`.
    public var state: RecordState?
    /// What the dataset's count of live records changes by (-1, 0 or +1).
    public var liveCountChange: Int
    /// What the dataset's count of conflicted records changes by (-1, 0 or +1).
    public var conflictCountChange: Int
    /// `true` when the record had no listed conflict before and has one now.
    public var gainsConflict: Bool
    /// `true` when the stored marker of a collected tombstone goes (the record is a row again). A marker that is
    /// not dropped is kept.
    public var dropsMarker: Bool
    /// The echo rule: `true` when the stored state differs from the incoming one, so the sender does not hold it
    /// and the change feed must send it back (the row gets no source peer). `false` when the sender already
    /// holds exactly what is stored, so the feed leaves it out for that sender.
    public var echoesToSender: Bool

    /// The decision for `incoming` arriving over `stored`.
    ///
    /// The stored state is merged with the incoming one (`RecordState.merged(with:)`); a merge equal to the stored
    /// state is no write, except over a collected tombstone's marker: a live copy arriving there stores the
    /// tombstone again (with a new sequence) so its sender learns of the deletion, and the record never comes
    /// back. Throws `.typeChange` when the id is stored with another type.
    public init(stored: StoredState, incoming: RecordState) throws(ReplicaError) {
        guard let previous = stored.state else {
            self.init(action: .insert, state: incoming, over: stored, echoesToSender: false)
            return
        }
        guard previous.type == incoming.type else {
            throw ReplicaError(
                .typeChange,
                "record \"\(incoming.id)\" is a \(previous.type.name) here, it cannot become a \(incoming.type.name)"
            )
        }
        let merged = previous.merged(with: incoming)
        let isMarker: Bool
        if case .collected = stored { isMarker = true } else { isMarker = false }
        // States are canonical, so equal values are equal bytes.
        if merged == previous && (!isMarker || incoming.isDeleted) {
            self.init(action: .ignore, state: nil, over: stored, echoesToSender: false)
            return
        }
        let action: Action = isMarker ? .insert : merged == incoming ? .replace : .merge
        self.init(action: action, state: merged, over: stored, echoesToSender: merged != incoming)
    }

    /// The decision for a state equal to the stored one (what `init(stored: .record(s), incoming: s)` returns):
    /// nothing to write. A store that sees the stored bytes equal the incoming bytes may take it without merging.
    public static let ignore = ApplyDecision(action: .ignore, state: nil, over: .none, echoesToSender: false)

    /// The decision of a local write: `state` (made by a put, delete or resolution) stored over `stored`.
    public init(localWrite state: RecordState, over stored: StoredState) {
        let action: Action = if case .record = stored { .replace } else { .insert }
        self.init(action: action, state: state, over: stored, echoesToSender: true)
    }

    private init(action: Action, state: RecordState?, over stored: StoredState, echoesToSender: Bool) {
        self.action = action
        self.state = state
        self.echoesToSender = echoesToSender
        guard let state else {
            liveCountChange = 0
            conflictCountChange = 0
            gainsConflict = false
            dropsMarker = false
            return
        }
        let wasConflicted = stored.isCountedConflicted
        liveCountChange = (state.isDeleted ? 0 : 1) - (stored.isCountedLive ? 1 : 0)
        conflictCountChange = (state.isListedAsConflicted ? 1 : 0) - (wasConflicted ? 1 : 0)
        gainsConflict = !wasConflicted && state.isListedAsConflicted
        if case .collected = stored { dropsMarker = true } else { dropsMarker = false }
    }
}
