import Wire

extension ServerSession {
    /// Answers one RECONCILE round (the responder side of Protocol.md §11.4). The server keeps no state between
    /// rounds: each request describes the whole id space.
    mutating func answerReconcile(_ request: ReconcileRequest) async throws {
        let name = request.dataset
        guard access.canRead(name), try store.dataset(named: name) != nil else {
            throw SyncError(.notFound, "no dataset \(name) on this server")
        }
        let source = try store.reconcileSource(dataset: name)
        let step = try RangeReconciler(role: .responder).step(request.ranges, source: source)
        try await channel.send(.reconcileReply(ReconcileReply(dataset: name, ranges: step.ranges)))
    }

    /// Sends the records a RECONCILE_NEED asks for (those the dataset has) as numbered RECORD_BATCHes, the last
    /// one marked, each acknowledged like a pull's; the batches carry the current feed position.
    mutating func answerNeed(_ need: ReconcileNeed) async throws {
        let name = need.dataset
        guard access.canRead(name), let dataset = try store.dataset(named: name) else {
            throw SyncError(.notFound, "no dataset \(name) on this server")
        }
        var report = TransferReport(dataset: name)
        var remaining = need.ids[...]
        var batchNumber: UInt64 = 0
        var unacknowledged = 0
        var done = false
        while !done {
            let chunk = Array(remaining.prefix(max(1, min(options.batchSize, options.maxBatchRecords))))
            remaining = remaining.dropFirst(chunk.count)
            let records = try store.records(dataset: name, ids: chunk)
            batchNumber += 1
            done = remaining.isEmpty
            try await channel.send(
                .recordBatch(
                    RecordBatch(
                        dataset: name, batchNumber: batchNumber, records: records, cursor: dataset.feed,
                        isLast: done)
                )
            )
            report.batches += 1
            report.recordsSent += records.count
            unacknowledged += 1
            while unacknowledged >= window || (done && unacknowledged > 0) {
                try await awaitAck(dataset: name)
                unacknowledged -= 1
            }
        }
        reports.append(report)
    }
}
