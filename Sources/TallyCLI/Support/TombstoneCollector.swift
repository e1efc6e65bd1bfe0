import Logging
import Replica
import Store
import ServiceLifecycle

/// Runs `Replica.collectTombstones` on every dataset at start and then every `interval` seconds, beside the
/// server, until graceful shutdown.
struct TombstoneCollector: Service {
    let replica: Replica
    /// Grace period, milliseconds.
    let grace: UInt64
    /// Seconds between runs.
    let interval: Double
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                collectOnce()
                do { try await Task.sleep(for: .seconds(interval)) } catch { return }
            }
        }
    }

    func collectOnce() {
        do {
            for dataset in try replica.datasets() {
                let result = try replica.collectTombstones(dataset: dataset.name, olderThan: grace)
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
        } catch {
            logger.warning("tombstone collection failed", metadata: ["error": "\(error)"])
        }
    }
}
