import Store
import Wire

/// The receiving side of a stream of RECORD_BATCHes, one loop for the client's pull and the server's push: each
/// batch is checked to belong to the transfer and to keep to the limit, applied with its cursor in one store call,
/// acknowledged, and counted. (`BatchStream` is the sending side.)
struct BatchReceiver {
    /// The transfer's dataset.
    let dataset: String
    /// What the transfer is, in the words of its errors: "pull" or "push".
    let transfer: String
    /// The peer the batches come from.
    let peer: SiteID
    /// The epoch every batch's cursor must be in, when the transfer named one (a push names the sender's feed).
    var epoch: UInt64?
    /// The most records a batch may hold (`SessionOptions.maxBatchRecords`).
    let maxRecords: Int
    /// The cursor saved with every batch instead of the batch's own, when given (records a reconcile asked for
    /// leave the cursor where it was).
    var cursor: FeedCursor?

    /// Applies `batch` to `store`, acknowledges it on `channel`, and adds it to `report`. A batch for another
    /// dataset or epoch, or over the limit, is a `SyncError`; so is a batch the store refuses
    /// (`SyncError(replica:)`), having changed nothing.
    func receive<Channel: MessageChannel>(
        _ batch: RecordBatch, into store: any RecordStore, over channel: inout Channel, report: inout TransferReport
    ) async throws {
        guard batch.dataset == dataset, epoch.map({ $0 == batch.cursor.epoch }) ?? true else {
            throw SyncError(
                .protocolViolation, "a batch for \(batch.dataset) arrived during a \(transfer) of \(dataset)")
        }
        guard batch.records.count <= maxRecords else {
            throw SyncError(
                .limitExceeded, "a batch of \(batch.records.count) records is over the limit of \(maxRecords)")
        }
        let outcome: ApplyResult
        do {
            outcome = try await store.applyBatch(
                dataset: dataset, records: batch.records, from: peer, cursor: cursor ?? batch.cursor)
        } catch let error as ReplicaError where error.refusesTheRecords {
            throw SyncError(replica: error)
        }
        report.batches += 1
        report.recordsReceived += batch.records.count
        report.recordsApplied += outcome.applied
        report.recordsUnchanged += outcome.unchanged
        report.recordsCreated += outcome.created
        report.newConflicts += outcome.newConflicts
        try await channel.send(
            .batchAck(
                BatchAck(
                    dataset: dataset, batchNumber: batch.batchNumber, cursor: batch.cursor,
                    applied: UInt32(clamping: outcome.applied), refusals: [])))
    }
}
