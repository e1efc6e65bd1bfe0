import Store
public import Wire

extension ClientSession {
    /// The most reconcile rounds before the client gives up (a peer that never settles).
    static var maximumReconcileRounds: Int { 4_096 }
    /// The most ids one RECONCILE_NEED carries.
    static var needChunk: Int { 50_000 }

    /// Reconciles `dataset` with the server by comparing `(id, digest)` sets (Protocol.md §11.4), whatever the
    /// cursors say: fetches what the server has and this replica lacks or holds differently (RECONCILE_NEED),
    /// pushes what the server lacks or holds differently, then sets the pull cursor to the server's feed position
    /// from before the first round, so the next pull only brings what changed since.
    ///
    /// The local dataset is created with `kind` if missing. Until the end the pull cursor is not advanced, so an
    /// interrupted reconcile is simply run again.
    public mutating func reconcile(dataset: String, kind: DatasetKind) async throws -> TransferReport {
        // RECONCILE is only sent to a server whose WELCOME agreed to the feature (Protocol.md §9).
        guard welcome?.capabilities.features.contains(ProtocolFeature.reconcile) == true else {
            throw SyncError(
                .badRequest,
                "the server does not offer reconcile, so \(dataset) cannot be compared with it; upgrade the server")
        }
        var report = TransferReport(dataset: dataset)
        if try await store.dataset(named: dataset) == nil {
            try await store.createDataset(name: dataset, kind: kind)
            report.created = true
        }
        let server = serverSite
        guard let entry = try await listDatasets().first(where: { $0.name == dataset }) else {
            throw SyncError(.notFound, "the server has no dataset \(dataset) (or the token does not allow it)")
        }
        let start = FeedCursor(epoch: entry.epoch, sequence: entry.sequence)
        let reconciler = RangeReconciler(role: .initiator)
        var need: Set<String> = []
        var have: Set<String> = []
        let source = StoreItemSource(store: store, dataset: dataset)
        var ranges = try await reconciler.openingRanges(source)
        var rounds = 0
        while true {
            rounds += 1
            guard rounds <= Self.maximumReconcileRounds else {
                throw SyncError(.protocolViolation, "reconcile of \(dataset) did not settle in \(rounds - 1) rounds")
            }
            try await channel.send(.reconcileRequest(ReconcileRequest(dataset: dataset, ranges: ranges)))
            let reply: ReconcileReply = try await expect("RECONCILE-REPLY") { message in
                if case .reconcileReply(let reply) = message { return reply }
                return nil
            }
            guard reply.dataset == dataset else {
                throw SyncError(.protocolViolation, "reconcile reply for \(reply.dataset) during \(dataset)")
            }
            let step = try await reconciler.step(reply.ranges, source: source)
            need.formUnion(step.need)
            have.formUnion(step.have)
            if step.isSettled { break }
            ranges = step.ranges
        }
        report.reconcileRounds = rounds
        // Fetch, without advancing the cursor: an interruption leaves a cursor the server calls stale.
        let holding =
            try await store.cursor(peer: server, dataset: dataset)
            ?? FeedCursor(epoch: 0, sequence: 0)
        let wanted = need.sorted()
        var offset = 0
        while offset < wanted.count {
            let chunk = Array(wanted[offset..<min(wanted.count, offset + Self.needChunk)])
            offset += chunk.count
            try await channel.send(.reconcileNeed(ReconcileNeed(dataset: dataset, ids: chunk)))
            try await receiveBatches(dataset: dataset, from: server, cursor: holding, report: &report)
        }
        if !have.isEmpty {
            let pushed = try await push(dataset: dataset, only: have.sorted())
            report.recordsSent += pushed.recordsSent
            report.recordsAcknowledged += pushed.recordsAcknowledged
            report.batches += pushed.batches
        }
        _ = try await store.applyBatch(dataset: dataset, records: [], from: server, cursor: start)
        return report
    }
}
