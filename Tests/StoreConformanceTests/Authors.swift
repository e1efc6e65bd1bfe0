import Replica
import Store
import TestSupport
import Wire

/// Replicas that write the states a test sends to the store under test: each a real SQLite replica in a temporary
/// folder with its own site, doing local writes (put, delete), so every state is one a real history makes.
final class Authors: Sendable {
    private let folder: TemporaryReplicas
    let replicas: [Replica]
    /// The dataset every author writes.
    static let dataset = "fr"

    init(count: Int, clock: WallClock = .system) throws {
        let folder = try TemporaryReplicas(prefix: "tally-authors")
        replicas = try (0..<count).map { _ in
            let replica = try folder.make(options: ReplicaOptions(wallClock: clock))
            _ = try replica.createDataset(named: Self.dataset, kind: .election)
            return replica
        }
        self.folder = folder
    }

    subscript(index: Int) -> Replica { replicas[index] }

    /// The values of a valid tally whose votes are `votes`.
    static func tally(unit: String, votes: Int64) -> [(String, FieldValue)] {
        [
            ("election_id", .string("fr-an-2024")), ("round", .int(2)), ("unit_id", .string(unit)),
            ("selection_id", .string("RN")), ("votes", .int(votes)), ("status", .enumeration("unofficial-complete")),
        ]
    }

    /// Author `index` puts tally `id` with `votes`.
    func put(_ index: Int, _ id: String, votes: Int64) throws {
        try replicas[index].put(
            dataset: Self.dataset, type: .tally, id: id, values: Self.tally(unit: "U-\(id)", votes: votes))
    }

    /// Every state author `index` holds (tombstones included), in feed order: what a pull from it brings.
    func states(_ index: Int) throws -> [RecordState] {
        var states: [RecordState] = []
        var after: UInt64 = 0
        while true {
            let batch = try replicas[index].changes(dataset: Self.dataset, after: after, limit: 1_000)
            states += try batch.states()
            after = batch.reached
            if batch.isComplete { return states }
        }
    }
}
