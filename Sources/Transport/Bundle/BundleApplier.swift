public import Store
import Sync
import Wire

/// Applies bundle files to a store: verifies the whole file first, then merges it as a pull from the bundle's
/// creator would (same validation, same merge, same cursor), so bundles and network syncs mix freely.
public struct BundleApplier: Sendable {
    /// The store to merge into.
    public let store: any RecordStore
    /// Called with (dataset, records read so far, records in the bundle) as the batches are read for applying.
    public var progress: (@Sendable (String, UInt64, UInt64) -> Void)?

    /// Makes an applier.
    public init(store: any RecordStore) {
        self.store = store
    }

    /// Verifies `path` (checksum, structure, every state against its dataset's schema and history) and only then
    /// applies it, whole or not at all (`RecordStore.applyCarried(_:)`): every batch, created dataset and cursor
    /// in ONE transaction. A bad bundle, or one with a record the store refuses (a clock too far ahead, a dataset
    /// of another kind), throws `TransportError(.badBundle)` having changed nothing.
    ///
    /// Missing datasets are created with the kind the header gives. The cursor in the creator's feed advances only
    /// when the bundle continues from it (`CarriedCursors`); so a bundle applied twice, out of order, or after the
    /// same data came by network merges harmlessly and never moves a cursor backwards.
    @discardableResult
    public func apply(path: String) async throws -> BundleApplyReport {
        let reader = BundleReader(path: path)
        // Every record is checked against its dataset's schema before anything is applied, so a bundle with a
        // valid checksum but an invalid record (a buggy or hostile creator) is refused whole too.
        let summary = try reader.verify { header, batch in
            guard let kind = header.datasets.first(where: { $0.name == batch.dataset })?.kind else { return }
            for record in batch.records {
                if let problem = IncomingStates.problem(with: record, in: kind) {
                    throw TransportError(
                        .badBundle, "\(path): record \(record.id) of \(batch.dataset): \(problem); nothing applied"
                    )
                }
            }
        }
        let header = summary.header
        var report = BundleApplyReport(summary: summary)
        if header.creator == store.siteID {
            report.madeHere = true
            return report
        }
        let (progress, total) = (self.progress, summary.trailer.recordCount)
        let changes = CarriedChanges(
            creator: header.creator, target: header.target,
            datasets: header.datasets.map {
                CarriedDataset(
                    name: $0.name, kind: $0.kind, epoch: $0.epoch, after: $0.after, heldOfTarget: $0.heldOfTarget)
            },
            batches: { ProgressReporting(batches: try reader.batches(), total: total, progress: progress) })
        let outcome: CarriedOutcome
        do {
            outcome = try await store.applyCarried(changes)
        } catch let error as ReplicaError {
            guard error.refusesTheRecords else { throw error }
            throw TransportError(.badBundle, "\(path): bundle refused, nothing applied: \(error.message)")
        }
        report.created = outcome.created
        for batch in outcome.batches {
            report.add(
                dataset: batch.dataset, received: batch.received, result: batch.result,
                advanced: batch.advancedCursor)
        }
        return report
    }

    /// The bundle's batches, reporting how many records were read.
    private struct ProgressReporting: CarriedBatches {
        var batches: BundleBatches
        let total: UInt64
        let progress: (@Sendable (String, UInt64, UInt64) -> Void)?
        var read: UInt64 = 0

        mutating func next() throws -> CarriedBatch? {
            guard let batch = try batches.next() else { return nil }
            read += UInt64(batch.records.count)
            progress?(batch.dataset, read, total)
            return batch
        }
    }
}
