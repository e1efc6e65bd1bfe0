import Store
import Wire

extension ServerSession {
    /// Answers one RECONCILE round (the responder side of Protocol.md §11.4). The server keeps no state between
    /// rounds: each request describes the whole id space.
    mutating func answerReconcile(_ request: ReconcileRequest) async throws {
        try requireReconcileAgreed(MessageType.reconcileRequest)
        let name = request.dataset
        try access.requireRead(name)
        guard try await store.dataset(named: name) != nil else {
            throw SyncError(.notFound, "no dataset \(name) on this server")
        }
        let step = try await RangeReconciler(role: .responder).step(
            request.ranges, source: StoreItemSource(store: store, dataset: name))
        try await channel.send(.reconcileReply(ReconcileReply(dataset: name, ranges: step.ranges)))
    }

    /// Sends the records a RECONCILE_NEED asks for (those the dataset has) as numbered RECORD_BATCHes cut to the
    /// agreed frame size, the last one marked, each acknowledged like a pull's; the batches carry the current feed
    /// position.
    mutating func answerNeed(_ need: ReconcileNeed) async throws {
        try requireReconcileAgreed(MessageType.reconcileNeed)
        let name = need.dataset
        try access.requireRead(name)
        guard let dataset = try await store.dataset(named: name) else {
            throw SyncError(.notFound, "no dataset \(name) on this server")
        }
        var report = TransferReport(dataset: name)
        let sizer = BatchSizer(capabilities: agreed, preferred: min(options.batchSize, options.maxBatchRecords))
        var remaining = need.ids[...]
        var pending: [[RecordState]] = []
        let sent = try await BatchStream(window: window).run(
            send: { number in
                if pending.isEmpty {
                    let chunk = Array(remaining.prefix(sizer.preferred))
                    remaining = remaining.dropFirst(chunk.count)
                    let found = try await store.records(dataset: name, ids: chunk)
                    pending = try sizer.batches(of: found, dataset: name)
                    if pending.isEmpty { pending = [[]] }
                }
                let records = pending.removeFirst()
                let isLast = remaining.isEmpty && pending.isEmpty
                try await channel.send(
                    .recordBatch(
                        RecordBatch(
                            dataset: name, batchNumber: number, records: records, cursor: dataset.feed, isLast: isLast)
                    ))
                return BatchStream.Sent(records: records.count, isLast: isLast)
            },
            awaitAck: { try await awaitAck(dataset: name) })
        report.batches = sent.batches
        // The stream ran to its end: every batch was acknowledged.
        (report.recordsSent, report.recordsAcknowledged) = (sent.records, sent.records)
        reports.append(report)
    }

    /// Refuses a reconcile message on a connection whose WELCOME did not agree to the feature (Protocol.md §9).
    private func requireReconcileAgreed(_ type: MessageType) throws(SyncError) {
        guard agreed.features.contains(ProtocolFeature.reconcile) else {
            throw SyncError(.protocolViolation, "\(type.name) without the reconcile feature agreed in WELCOME")
        }
    }
}
