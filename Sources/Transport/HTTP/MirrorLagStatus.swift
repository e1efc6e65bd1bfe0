public import Foundation

/// One mirror job, as `/api/status` lists it under `mirrors`.
public struct MirrorLagStatus: Encodable, Hashable, Sendable {
    /// The upstream URL.
    public var upstream: String
    /// The datasets mirrored.
    public var datasets: [String]
    /// When the last run that completed began.
    public var lastSuccess: Date?
    /// Seconds since `lastSuccess`.
    public var lagSeconds: Double?
    /// Records the upstream had that were not applied here, at the end of the last successful run.
    public var lagRecords: UInt64?
    /// The last failure's message (kept after recovery; `failures` says whether it is current).
    public var lastError: String?
    /// Failures since the last success.
    public var failures: Int
    /// When the next scheduled run starts: `lastAttempt + every` while healthy; `nil` while retrying after a
    /// failure (the retry waits a backoff) or for a mirror this server does not run.
    public var nextRun: Date?

    /// The status of the job in `status` at `now`; `every` is its schedule when this server runs it.
    public init(_ status: MirrorStatus, every: Duration?, at now: Date) {
        upstream = status.url
        datasets = status.datasets
        lastSuccess = status.lastSuccess
        lagSeconds = status.lagSeconds(at: now)
        lagRecords = status.lagRecords
        lastError = status.lastError
        failures = status.failures
        if let every, status.failures == 0, let attempt = status.lastAttempt {
            nextRun = attempt.addingTimeInterval(every / .seconds(1))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case upstream, datasets, failures
        case lastSuccess = "last_success"
        case lagSeconds = "lag_seconds"
        case lagRecords = "lag_records"
        case lastError = "last_error"
        case nextRun = "next_run"
    }

    /// The JSON of `/api/status`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(upstream, forKey: .upstream)
        try container.encode(datasets, forKey: .datasets)
        try container.encode(lastSuccess, forKey: .lastSuccess)
        try container.encode(lagSeconds, forKey: .lagSeconds)
        try container.encode(lagRecords, forKey: .lagRecords)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(failures, forKey: .failures)
        try container.encode(nextRun, forKey: .nextRun)
    }
}
