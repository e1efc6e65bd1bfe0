public import Wire

/// One dataset of `CarriedChanges`: which part of the creator's change feed they hold.
public struct CarriedDataset: Hashable, Sendable {
    /// The dataset's name.
    public var name: String
    /// What it holds (a store that lacks the dataset creates it with this kind).
    public var kind: DatasetKind
    /// The epoch of the creator's feed.
    public var epoch: UInt64
    /// The changes start after this sequence of the creator's feed (0: from its beginning).
    public var after: UInt64
    /// The creator's position in the target's feed of the dataset, when the changes were written for a target
    /// whose feed the creator has pulled: what the creator holds of it.
    public var heldOfTarget: FeedCursor?

    /// Makes a carried dataset.
    public init(name: String, kind: DatasetKind, epoch: UInt64, after: UInt64, heldOfTarget: FeedCursor? = nil) {
        self.name = name
        self.kind = kind
        self.epoch = epoch
        self.after = after
        self.heldOfTarget = heldOfTarget
    }

    /// The refusal when the store holds this dataset with another kind (`.kindMismatch`), else `nil`.
    public func refusal(storedKind: DatasetKind) -> ReplicaError? {
        guard storedKind != kind else { return nil }
        return ReplicaError(
            .kindMismatch, "dataset \(name) is \(storedKind.name) here but \(kind.name) in the bundle")
    }
}
