public import Store
import Sync
import Wire

/// Runs one pass of a mirror job: connect, list, pull each dataset, measure the lag.
public enum MirrorRunner {
    /// Pulls `job`'s datasets from its upstream into `store`, once. Each batch is applied and the cursor moved
    /// in one transaction, so a run cut short (error, cancellation) resumes where it stopped next time.
    public static func run(_ job: MirrorJob, into store: any RecordStore) async throws -> MirrorRunResult {
        let (result, _) = try await SyncClient.withSession(
            url: job.url, trust: job.trust, store: store, token: job.token, options: job.options,
            nodeName: job.nodeName, timeouts: job.timeouts
        ) { session in
            let listed = try await session.listDatasets()
            let byName = Dictionary(listed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for name in job.datasets where byName[name] == nil {
                throw SyncError(.notFound, "the upstream has no dataset \(name) (or the token does not allow it)")
            }
            let entries = job.datasets.isEmpty ? listed : job.datasets.compactMap { byName[$0] }
            var result = MirrorRunResult(
                upstreamSite: session.serverSite, datasets: entries.map(\.name), recordsReceived: 0,
                recordsApplied: 0, lagRecords: 0
            )
            for entry in entries {
                try Task.checkCancellation()
                let report = try await session.pull(
                    dataset: entry.name, kind: entry.kind,
                    through: FeedCursor(epoch: entry.epoch, sequence: entry.sequence))
                guard report.complete else {
                    throw SyncError(
                        .shuttingDown,
                        "the upstream ended the feed of \(entry.name) early, after \(report.recordsReceived) records "
                            + "(shutting down?); the next run resumes there",
                        retryable: true)
                }
                result.recordsReceived += report.recordsReceived
                result.recordsApplied += report.recordsApplied
                result.recordsCreated += report.recordsCreated
                result.recordsUnchanged += report.recordsUnchanged
                let cursor = try await store.cursor(peer: session.serverSite, dataset: entry.name)
                let held = cursor.flatMap { $0.epoch == entry.epoch ? $0.sequence : nil } ?? 0
                result.lagRecords += entry.sequence > held ? entry.sequence - held : 0
            }
            return result
        }
        return result
    }
}
