public import Store
import Wire

extension Replica {
    /// Applies changes carried by file (a bundle) in ONE write transaction (`RecordStore.applyCarried(_:)`):
    /// creates the missing datasets, merges every batch as a pull from the creator, saves the cursors as
    /// `CarriedCursors` says. Anything thrown, a refused state or a batch the carrier cannot read, rolls back
    /// every batch before it, the datasets created and the cursors moved.
    public func applyCarried(_ changes: CarriedChanges) throws -> CarriedOutcome {
        try transaction { transaction in
            var outcome = CarriedOutcome()
            var rules = CarriedCursors(changes, appliedAt: siteID)
            let creator = changes.creator
            for dataset in changes.datasets {
                if let stored = try transaction.dataset(named: dataset.name) {
                    if let refusal = dataset.refusal(storedKind: stored.kind) { throw refusal }
                } else {
                    try transaction.createDataset(named: dataset.name, kind: dataset.kind)
                    outcome.created.append(dataset.name)
                }
            }
            var batches = try changes.batches()
            while let batch = try batches.next() {
                let saved = try transaction.cursor(peer: creator, dataset: batch.dataset, direction: .pull)
                let (cursor, advances) = rules.cursor(after: batch, saved: saved)
                let result = try transaction.apply(
                    dataset: batch.dataset, records: batch.records, from: creator,
                    cursor: CursorUpdate(peer: creator, direction: .pull, cursor: cursor))
                outcome.batches.append(
                    .init(
                        dataset: batch.dataset, received: batch.records.count, result: result,
                        advancedCursor: advances))
            }
            for dataset in changes.datasets {
                let feed = try transaction.dataset(named: dataset.name).map {
                    FeedCursor(epoch: $0.epoch, sequence: $0.sequence)
                }
                let known = try transaction.cursor(peer: creator, dataset: dataset.name, direction: .push)
                if let held = rules.acknowledgement(of: dataset, feed: feed, known: known) {
                    try transaction.setCursor(
                        CursorUpdate(peer: creator, direction: .push, cursor: held), dataset: dataset.name)
                }
            }
            return outcome
        }
    }
}
