public import Foundation
public import Store
import Wire

/// Where the HTTP side reads what it shows: the store (datasets, tokens), the mirrors' status book, and the
/// running server's activity (listening, peers, transfers).
public struct StatusSource: Sendable {
    /// The server's store.
    public let store: any RecordStore
    /// The mirror jobs' status, or `nil` when the server runs no mirror.
    public let mirrorStatus: MirrorStatusBook?
    /// The running server's activity.
    public let activity: ServerActivity
    /// The mirror jobs this server runs (for their schedules).
    public let mirrorJobs: [MirrorJob]
    /// This server's node name.
    public let nodeName: String

    /// Makes a source.
    public init(
        store: any RecordStore, mirrorStatus: MirrorStatusBook? = nil, activity: ServerActivity,
        mirrorJobs: [MirrorJob] = [], nodeName: String
    ) {
        self.store = store
        self.mirrorStatus = mirrorStatus
        self.activity = activity
        self.mirrorJobs = mirrorJobs
        self.nodeName = nodeName
    }

    /// `true` when the store answers and the sync port is listening (`/readyz`).
    public func isReady() async -> Bool {
        guard activity.listening != nil else { return false }
        return (try? await store.hasTokens()) != nil
    }

    /// The status at `now`.
    public func report(at now: Date = Date()) async throws -> StatusReport {
        let schedules = Dictionary(mirrorJobs.map { ($0.url.description, $0.every) }) { first, _ in first }
        let stored = try await store.storedRecordCounts()
        return StatusReport(
            node: nodeName, site: store.siteID.hex, listening: activity.listening, generatedAt: now,
            datasets: try await store.datasets().map { DatasetStatus($0, stored: stored[$0.name] ?? $0.recordCount) },
            peers: activity.peers, transfers: activity.recentTransfers,
            mirrors: (mirrorStatus?.load() ?? []).map {
                MirrorLagStatus($0, every: schedules[$0.url], at: now)
            },
            tokens: try await store.tokens().map { TokenStatus($0, at: now) }
        )
    }
}
