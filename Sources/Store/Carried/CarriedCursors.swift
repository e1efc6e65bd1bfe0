public import Wire

/// The cursor rules of `CarriedChanges`, the same for every backend: where each batch leaves the pull cursor in
/// the creator's feed, and what changes written for this store acknowledge of its own feed.
///
/// The pull cursor advances only when the changes continue from it: the batch starts at or before the saved
/// cursor and ends after it, in the same epoch, and the changes were not written for another replica. So changes
/// applied twice, out of order, or after the same data came by network merge harmlessly and never move a cursor
/// backwards.
public struct CarriedCursors: Sendable {
    private let datasets: [String: CarriedDataset]
    private let mayAdvance: Bool
    private let addressedHere: Bool
    /// Per dataset, where its next batch starts in the creator's feed.
    private var starts: [String: UInt64] = [:]

    /// The rules for `changes` applied to the store `site`.
    public init(_ changes: CarriedChanges, appliedAt site: SiteID) {
        datasets = Dictionary(changes.datasets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        mayAdvance = changes.target == nil || changes.target == site
        addressedHere = changes.target == site
    }

    /// The cursor to save with `batch`, given the one saved before it, and whether it moves forward. Call it once
    /// per batch, in order.
    public mutating func cursor(after batch: CarriedBatch, saved: FeedCursor?) -> (cursor: FeedCursor, advances: Bool) {
        let epoch = datasets[batch.dataset]?.epoch ?? batch.cursor.epoch
        let start = starts[batch.dataset] ?? datasets[batch.dataset]?.after ?? 0
        starts[batch.dataset] = batch.cursor.sequence
        // A saved cursor of another epoch says nothing about this feed: count it as the beginning.
        let held = saved.flatMap { $0.epoch == epoch ? $0.sequence : nil } ?? 0
        let advances = mayAdvance && start <= held && batch.cursor.sequence > held
        return (advances ? batch.cursor : (saved ?? FeedCursor(epoch: epoch, sequence: 0)), advances)
    }

    /// For changes written for this store: the creator's position in this store's feed of `dataset` to record
    /// (the push cursor), given the feed's position here and the push cursor known; `nil` when there is nothing
    /// to record (not written for this store, another epoch, beyond the feed, or not ahead of what is known).
    public func acknowledgement(of dataset: CarriedDataset, feed: FeedCursor?, known: FeedCursor?) -> FeedCursor? {
        guard addressedHere, let held = dataset.heldOfTarget, let feed, held.epoch == feed.epoch,
            held.sequence <= feed.sequence
        else { return nil }
        if let known, known.epoch == held.epoch, known.sequence >= held.sequence { return nil }
        return held
    }
}
