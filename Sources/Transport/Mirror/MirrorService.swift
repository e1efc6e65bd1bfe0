import Foundation
import Metrics
public import Logging
public import Store
public import ServiceLifecycle
import Wire

/// A mirror job as a swift-service-lifecycle `Service`: runs the job on its schedule until graceful shutdown.
///
/// Runs never overlap (one loop per job). After a failure it waits per `MirrorBackoff` and tries again; after a
/// success it waits until `every` after the start of that run. Graceful shutdown cancels the run in progress at
/// its next await, which is between batches (a batch is applied in one transaction or not at all). Every run
/// updates the job's entry in its status book (`DIR/.tally/mirrors.json` for a replica folder).
public final class MirrorService: Service, Sendable {
    /// The job.
    public let job: MirrorJob
    private let store: any RecordStore
    private let logger: Logger
    private let runOnce: Bool
    private let statusBook: MirrorStatusBook
    private let seed: UInt64?

    /// Makes a service pulling into `store` and keeping its status in `statusBook`. With `once`, it makes a single
    /// run and returns (throwing if it failed). `seed` makes the jitter reproducible in tests.
    public init(
        job: MirrorJob, store: any RecordStore, statusBook: MirrorStatusBook, logger: Logger, once: Bool = false,
        seed: UInt64? = nil
    ) {
        self.job = job
        self.store = store
        self.logger = logger
        self.runOnce = once
        self.statusBook = statusBook
        self.seed = seed
    }

    /// Runs the job on its schedule until graceful shutdown (or once, when made with `once`).
    public func run() async throws {
        if runOnce {
            try await attempt(failures: 0)
            return
        }
        try await cancelWhenGracefulShutdown {
            try await self.loop()
        }
    }

    private func loop() async throws {
        let backoff = MirrorBackoff(every: job.every)
        var generator = SplitMix64(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        var failures = 0
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let started = clock.now
            do {
                try await attempt(failures: failures)
                failures = 0
                try await Task.sleep(until: started + job.every, clock: clock)
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let delay = backoff.delay(afterFailures: failures, using: &generator)
                logger.warning(
                    "mirror run failed", metadata: ["url": "\(job.url)", "error": "\(error)", "retry_in": "\(delay)"]
                )
                do { try await Task.sleep(for: delay) } catch { return }
            }
        }
    }

    /// Makes one run of `job` now, recording its status like a scheduled run; throws if it failed.
    /// Without a `logger`, only warnings and errors are logged.
    public static func runOnce(
        _ job: MirrorJob, store: any RecordStore, statusBook: MirrorStatusBook, logger: Logger? = nil
    ) async throws -> MirrorRunResult {
        var quiet = Logger(label: "tally.mirror")
        quiet.logLevel = .warning
        let service = MirrorService(
            job: job, store: store, statusBook: statusBook, logger: logger ?? quiet, once: true)
        return try await service.attempt(failures: statusBook.status(of: job.url.description)?.failures ?? 0)
    }

    /// One run, with its status recorded.
    @discardableResult
    private func attempt(failures: Int) async throws -> MirrorRunResult {
        let url = job.url.description
        var status = statusBook.status(of: url) ?? MirrorStatus(url: url, datasets: job.datasets)
        let started = Date()
        status.lastAttempt = started
        do {
            let result = try await MirrorRunner.run(job, into: store)
            status.datasets = result.datasets
            status.upstreamSite = result.upstreamSite.hex
            status.lastSuccess = started
            status.failures = 0
            status.lagRecords = result.lagRecords
            try? statusBook.save(status)
            Gauge(label: "tally_mirror_lag_records", dimensions: [("url", url)])
                .record(Int64(clamping: result.lagRecords))
            Gauge(label: "tally_mirror_last_success_seconds", dimensions: [("url", url)])
                .record(started.timeIntervalSince1970)
            logger.info(
                "mirrored",
                metadata: [
                    "url": "\(url)", "received": "\(result.recordsReceived)", "applied": "\(result.recordsApplied)",
                ]
            )
            return result
        } catch {
            if error is CancellationError || Task.isCancelled { throw error }
            status.lastError = ClientFailure.plainText(error)
            status.lastErrorAt = Date()
            status.failures = failures + 1
            try? statusBook.save(status)
            Counter(label: "tally_mirror_failures_total", dimensions: [("url", url)]).increment()
            throw error
        }
    }
}
