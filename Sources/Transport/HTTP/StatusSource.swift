public import Foundation
public import Replica
import Store
import Wire

/// Where the HTTP side reads what it shows: the replica (datasets, tokens, mirror status file) and the running
/// server's activity (listening, peers, transfers).
public struct StatusSource: Sendable {
    /// The server's replica.
    public let replica: Replica
    /// The running server's activity.
    public let activity: ServerActivity
    /// The mirror jobs this server runs (for their schedules).
    public let mirrorJobs: [MirrorJob]
    /// This server's node name.
    public let nodeName: String

    /// Makes a source.
    public init(replica: Replica, activity: ServerActivity, mirrorJobs: [MirrorJob] = [], nodeName: String) {
        self.replica = replica
        self.activity = activity
        self.mirrorJobs = mirrorJobs
        self.nodeName = nodeName
    }

    /// `true` when the store answers and the sync port is listening (`/readyz`).
    public var isReady: Bool {
        activity.listening != nil && (try? replica.datasets()) != nil
    }

    /// The status at `now`.
    public func report(at now: Date = Date()) throws -> StatusReport {
        let schedules = Dictionary(mirrorJobs.map { ($0.url.description, $0.every) }) { first, _ in first }
        return StatusReport(
            node: nodeName, site: replica.siteID.hex, listening: activity.listening, generatedAt: now,
            datasets: try Self.datasets(replica),
            peers: activity.peers, transfers: activity.recentTransfers,
            mirrors: MirrorStatusFile(directory: replica.directory).load().map {
                MirrorLagStatus($0, every: schedules[$0.url], at: now)
            },
            tokens: try replica.tokens().map { TokenStatus($0, at: now) }
        )
    }

    /// Every dataset of `replica` with its stored and live record counts.
    static func datasets(_ replica: Replica) throws -> [DatasetStatus] {
        let stored = try replica.storedRecordCounts()
        return try replica.datasets().map { DatasetStatus($0, stored: stored[$0.name] ?? $0.recordCount) }
    }
}
