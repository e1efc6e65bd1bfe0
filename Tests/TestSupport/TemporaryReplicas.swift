public import Foundation
public import Replica
public import Store
import Wire

/// Real replicas (SQLite files) in a temporary folder of their own, removed with this object: the stores of the
/// suites' machine-against-machine and end-to-end tests.
public final class TemporaryReplicas: @unchecked Sendable {
    /// The folder the replicas live in (tests may put other files there: bundles, say).
    public let root: URL
    private var count = 0

    /// Makes the folder (`prefix` names it, for a test run's leftovers to say whose they are).
    public init(prefix: String = "tally-test") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// A new, empty replica opened with `options`.
    public func make(options: ReplicaOptions = ReplicaOptions()) throws -> Replica {
        count += 1
        let directory = root.appendingPathComponent("r\(count)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try Replica.create(at: directory.path, options: options)
    }

    /// Creates election dataset `dataset` in `replica` holding `count` valid tallies `t-0`, `t-1`, ... (unit
    /// `FR-N`, `votes` N).
    public static func seed(_ replica: Replica, dataset: String = "fr", count: Int) throws {
        _ = try replica.createDataset(named: dataset, kind: .election)
        try replica.importRecords(
            into: dataset,
            (0..<count).map { index in
                (
                    RecordType.tally, "t-\(index)",
                    [
                        ("election_id", FieldValue.string("fr-an-2024")), ("round", .int(2)),
                        ("unit_id", .string("FR-\(index)")),
                        ("selection_id", .string("RN")), ("votes", .int(Int64(index))),
                        ("status", .enumeration("unofficial-complete")),
                    ]
                )
            }
        )
    }

    /// Every record's state bytes by id, tombstones included: what two converged replicas hold alike.
    public static func states(_ replica: Replica, _ dataset: String) throws -> [String: [UInt8]] {
        var states: [String: [UInt8]] = [:]
        var after: UInt64 = 0
        while true {
            let batch = try replica.changes(dataset: dataset, after: after, limit: 1000)
            for record in try batch.states() { states[record.id] = record.encodedBytes }
            after = batch.reached
            if batch.isComplete { return states }
        }
    }
}
