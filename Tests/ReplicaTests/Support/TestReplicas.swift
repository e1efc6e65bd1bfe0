import Foundation
import Replica
import Store
import TestSupport
import Wire

/// Replicas in temporary directories, each with its own hand-set wall clock.
final class TestReplicas {
    let directory: TemporaryDirectory
    private(set) var replicas: [Replica] = []
    private(set) var clocks: [ManualClock] = []

    init(
        count: Int,
        dataset: String? = "results",
        kind: DatasetKind = .election,
        durability: ReplicaOptions.Durability = .full
    ) throws {
        directory = try TemporaryDirectory()
        for index in 0..<count {
            let clock = ManualClock()
            let replica = try Replica.create(
                at: directory.subdirectory("r\(index)"),
                options: ReplicaOptions(wallClock: clock.wallClock, durability: durability)
            )
            if let dataset { try replica.createDataset(named: dataset, kind: kind) }
            replicas.append(replica)
            clocks.append(clock)
        }
    }

    subscript(index: Int) -> Replica { replicas[index] }

    /// Reopens replica `index` (same directory) with `options`.
    func reopen(_ index: Int, options: ReplicaOptions) throws {
        replicas[index] = try Replica.open(at: directory.subdirectory("r\(index)"), options: options)
    }

    deinit {
        replicas.removeAll()
        directory.remove()
    }
}

extension Replica {
    /// Pulls everything new from `remote` the way the sync layer will: batches after the saved pull cursor,
    /// without `self`'s own echoes, each applied with its cursor in one transaction.
    @discardableResult
    func pull(from remote: Replica, dataset: String, batchSize: Int = 7) throws -> Int {
        var applied = 0
        while true {
            let saved = try cursor(peer: remote.siteID, dataset: dataset, direction: .pull)
            let info = try remote.dataset(named: dataset)!
            let after = saved?.epoch == info.epoch ? saved!.sequence : 0
            let batch = try remote.changes(dataset: dataset, after: after, limit: batchSize, excludingPeer: siteID)
            let result = try apply(
                dataset: dataset, records: batch.states(), from: remote.siteID,
                cursor: CursorUpdate(
                    peer: remote.siteID, direction: .pull,
                    cursor: FeedCursor(epoch: info.epoch, sequence: batch.reached))
            )
            applied += result.applied
            if batch.isComplete { return applied }
        }
    }

    /// `id -> encoded bytes` of every record, deleted ones included.
    func snapshot(dataset: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        var after: UInt64 = 0
        while true {
            let batch = try changes(dataset: dataset, after: after, limit: 100)
            for record in try batch.states() { result[record.id] = record.encodedBytes }
            after = batch.reached
            if batch.isComplete { return result }
        }
    }
}
