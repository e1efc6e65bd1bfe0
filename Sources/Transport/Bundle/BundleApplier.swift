public import Replica
import Store
import Sync
import Wire

/// Applies bundle files to a replica: verifies the whole file first, then merges each batch as a pull from the
/// bundle's creator would (same validation, same merge, same cursor), so bundles and network syncs mix freely.
public struct BundleApplier: Sendable {
    /// The replica to merge into.
    public let replica: Replica
    /// Called with (dataset, records applied so far, records in the bundle) after each batch.
    public var progress: (@Sendable (String, UInt64, UInt64) -> Void)?

    /// Makes an applier.
    public init(replica: Replica) {
        self.replica = replica
    }

    /// Verifies `path` (checksum, structure, dataset kinds) and only then applies it, whole or not at all: every
    /// batch, created dataset and cursor in ONE transaction. A bad bundle, or one with a record the store refuses
    /// (a clock too far ahead, say), throws `TransportError(.badBundle)` having changed nothing.
    ///
    /// Missing datasets are created with the kind the header gives. The cursor in the creator's feed advances only
    /// when the bundle continues from it (its range starts at or before the saved cursor and ends after it, same
    /// epoch) and the bundle was not made for another replica; so a bundle applied twice, out of order, or after
    /// the same data came by network merges harmlessly and never moves a cursor backwards.
    @discardableResult
    public func apply(path: String) throws -> BundleApplyReport {
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
        if header.creator == replica.siteID {
            report.madeHere = true
            return report
        }
        for range in header.datasets {
            if let local = try replica.dataset(named: range.name), local.kind != range.kind {
                throw TransportError(
                    .badBundle,
                    "dataset \(range.name) is \(local.kind.name) here but \(range.kind.name) in the bundle; nothing "
                        + "applied"
                )
            }
        }
        let creator = header.creator
        let mayAdvance = header.target == nil || header.target == replica.siteID
        let ranges = Dictionary(header.datasets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        do {
            // One transaction: a batch refused late in the file rolls back every batch before it, the datasets
            // created and the cursors moved.
            try replica.transaction { transaction in
                for range in header.datasets where try transaction.dataset(named: range.name) == nil {
                    try transaction.createDataset(named: range.name, kind: range.kind)
                    report.created.append(range.name)
                }
                var batchStart: [String: UInt64] = [:]
                try reader.forEachBatch { batch in
                    let range = ranges[batch.dataset]!
                    let start = batchStart[batch.dataset] ?? range.after
                    batchStart[batch.dataset] = batch.cursor.sequence
                    let saved = try transaction.cursor(peer: creator, dataset: batch.dataset, direction: .pull)
                    // A saved cursor of another epoch says nothing about this feed: count it as the beginning.
                    let held = saved.flatMap { $0.epoch == range.epoch ? $0.sequence : nil } ?? 0
                    let advances = mayAdvance && start <= held && batch.cursor.sequence > held
                    let cursor = advances ? batch.cursor : (saved ?? FeedCursor(epoch: range.epoch, sequence: 0))
                    let result = try transaction.apply(
                        dataset: batch.dataset, records: batch.records, from: creator,
                        cursor: CursorUpdate(peer: creator, direction: .pull, cursor: cursor)
                    )
                    report.add(
                        dataset: batch.dataset, received: batch.records.count, result: result, advanced: advances)
                    progress?(
                        batch.dataset, UInt64(report.datasets.reduce(0) { $0 + $1.received }),
                        summary.trailer.recordCount)
                }
                if header.target == replica.siteID {
                    try recordAcknowledgements(header, in: transaction)
                }
            }
        } catch let error as ReplicaError {
            guard error.refusesTheRecords else { throw error }
            throw TransportError(.badBundle, "\(path): bundle refused, nothing applied: \(error.message)")
        }
        return report
    }

    /// A bundle made for this replica says how far its creator holds our feed: keep that as the creator's
    /// acknowledged position, so `bundle create --since CREATOR` leaves out what it already has.
    private func recordAcknowledgements(_ header: BundleHeader, in transaction: ReplicaTransaction) throws {
        for range in header.datasets {
            guard let held = range.heldOfTarget, let local = try transaction.dataset(named: range.name),
                held.epoch == local.epoch, held.sequence <= local.sequence
            else { continue }
            if let known = try transaction.cursor(peer: header.creator, dataset: range.name, direction: .push),
                known.epoch == held.epoch, known.sequence >= held.sequence
            {
                continue
            }
            try transaction.setCursor(
                CursorUpdate(peer: header.creator, direction: .push, cursor: held), dataset: range.name
            )
        }
    }
}
