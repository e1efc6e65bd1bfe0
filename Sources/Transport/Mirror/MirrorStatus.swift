public import Foundation

/// What a mirror job last did, as `tally status --json` reports it (kept in `DIR/.tally/mirrors.json`).
public struct MirrorStatus: Codable, Hashable, Sendable {
    /// The upstream URL.
    public var url: String
    /// The datasets mirrored (those configured, or those found upstream at the last run).
    public var datasets: [String]
    /// The upstream's site id (hex), once known.
    public var upstreamSite: String?
    /// When the last run that completed began.
    public var lastSuccess: Date?
    /// The last failure's message, kept after recovery (see `failures` for whether it is current).
    public var lastError: String?
    /// When the last failure happened.
    public var lastErrorAt: Date?
    /// Failures since the last success (0 when healthy).
    public var failures: Int
    /// Records the upstream has that we had not applied, at the end of the last successful run.
    public var lagRecords: UInt64?
    /// When the last run began, whatever its outcome.
    public var lastAttempt: Date?

    /// Makes an empty status for `url`.
    public init(url: String, datasets: [String]) {
        self.url = url
        self.datasets = datasets
        self.failures = 0
    }

    /// Seconds since the last success at `now`, or `nil` if none yet.
    public func lagSeconds(at now: Date) -> Double? {
        lastSuccess.map { max(0, now.timeIntervalSince($0)) }
    }
}
