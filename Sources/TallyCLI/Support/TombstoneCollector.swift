import Logging
import ServiceLifecycle
import Store

/// Runs the store's tombstone collection on every dataset at start and then every `interval` seconds, beside
/// the server, until graceful shutdown.
struct TombstoneCollector: Service {
    let store: any RecordStore
    /// Grace period, milliseconds.
    let grace: UInt64
    /// Seconds between runs.
    let interval: Double
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await collectOnce()
                do { try await Task.sleep(for: .seconds(interval)) } catch { return }
            }
        }
    }

    func collectOnce() async {
        do {
            for dataset in try await store.datasets() {
                let result = try await store.collectTombstones(dataset: dataset.name, olderThan: grace)
                if result.collected > 0 {
                    logger.info(
                        "collected tombstones",
                        metadata: [
                            "dataset": "\(dataset.name)", "count": "\(result.collected)",
                            "horizon": "\(result.horizon)",
                        ]
                    )
                }
            }
        } catch is CancellationError {
            // The server is stopping (a graceful shutdown, or it could not listen): not a failure to report.
        } catch {
            if Task.isCancelled { return }
            logger.warning("tombstone collection failed", metadata: ["error": "\(error)"])
        }
    }
}
