import PostgresNIO
import Synchronization
public import Store
public import Wire

extension PostgresRecordStore {
    /// Applies changes carried by file (a bundle) in ONE write transaction (`RecordStore.applyCarried(_:)`):
    /// creates the missing datasets, locks every dataset's row (in name order, then the clock's: the lock order of
    /// `SharedFeed`), merges every batch as a pull from the creator, and saves the cursors as `CarriedCursors`
    /// says. Anything thrown rolls back every batch before it, the datasets created and the cursors moved.
    public func applyCarried(_ changes: CarriedChanges) async throws -> CarriedOutcome {
        for dataset in changes.datasets where !DatasetInfo.isValidName(dataset.name) {
            throw ReplicaError(
                .invalidName, "invalid dataset name \"\(dataset.name)\": use 1-64 characters of A-Z a-z 0-9 . _ -")
        }
        let site = siteID
        // What the carrier threw (a bundle damaged while it is read) comes out as it was, not as a store failure.
        let carrierFailure = Mutex<(any Error)?>(nil)
        do {
            return try await applyCarried(changes, appliedAt: site) { error in carrierFailure.withLock { $0 = error } }
        } catch {
            if let failure = carrierFailure.withLock({ $0 }) { throw failure }
            throw error
        }
    }

    private func applyCarried(
        _ changes: CarriedChanges, appliedAt site: SiteID, carrierFailed: @escaping (any Error) -> Void
    ) async throws -> CarriedOutcome {
        try await transaction(.write) { connection in
            var outcome = CarriedOutcome()
            var rules = CarriedCursors(changes, appliedAt: site)
            let creator = changes.creator
            for dataset in changes.datasets
            where try await DatasetRow.create(dataset.name, kind: dataset.kind, on: connection, logger: logger) {
                outcome.created.append(dataset.name)
            }
            for dataset in changes.datasets.sorted(by: { $0.name < $1.name }) {
                let stored = try await SharedFeed.lock(dataset.name, on: connection, logger: logger)
                if let refusal = dataset.refusal(storedKind: stored.kind) { throw refusal }
            }
            _ = try await StoreMeta.lockClock(on: connection, options: options, logger: logger)
            var batches = try changes.batches()
            while true {
                let next: CarriedBatch?
                do {
                    next = try batches.next()
                } catch {
                    carrierFailed(error)
                    throw error
                }
                guard let batch = next else { break }
                let saved = try await PeerCursors.load(
                    peer: creator, dataset: batch.dataset, direction: .pull, on: connection, logger: logger)
                let (cursor, advances) = rules.cursor(after: batch, saved: saved)
                let result = try await apply(
                    batch.records, to: batch.dataset, from: creator,
                    cursor: CursorUpdate(peer: creator, direction: .pull, cursor: cursor), on: connection)
                outcome.batches.append(
                    .init(
                        dataset: batch.dataset, received: batch.records.count, result: result,
                        advancedCursor: advances))
            }
            for dataset in changes.datasets {
                let feed = try await DatasetRow.find(dataset.name, on: connection, logger: logger).map {
                    FeedCursor(epoch: $0.epoch, sequence: $0.sequence)
                }
                let known = try await PeerCursors.load(
                    peer: creator, dataset: dataset.name, direction: .push, on: connection, logger: logger)
                if let held = rules.acknowledgement(of: dataset, feed: feed, known: known) {
                    try await PeerCursors.save(
                        CursorUpdate(peer: creator, direction: .push, cursor: held), dataset: dataset.name,
                        on: connection, logger: logger)
                }
            }
            return outcome
        }
    }

    /// The clock as the latest write left it.
    public func lastClock() async throws -> HLCTimestamp {
        try await statement { connection in
            let rows = try await connection.query("SELECT hlc FROM store_meta WHERE singleton = 1", logger: logger)
            for try await hlc in rows.decode(Int64.self) { return HLCTimestamp(rawValue: UInt64(bitPattern: hlc)) }
            throw ReplicaError(.storage, "the store has no clock: the database is damaged")
        }
    }
}
