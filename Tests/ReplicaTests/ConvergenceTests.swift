import Replica
import Store
import TestSupport
import Testing
import Wire

/// Like cr-sqlite's Hypothesis suite: 2–5 real stores, random scripts of put / edit / delete / re-create /
/// resolve, random partial exchanges (duplicated batches, cursors not advanced, interrupted pulls, pulls without
/// echo suppression), then a full exchange: every replica must hold the same bytes and list the same conflicts.
@Suite struct ConvergenceTests {
    static let ids: [(RecordType, String)] = [
        (.tally, "t-1"), (.tally, "t-2"), (.tally, "t-3"), (.party, "p-1"), (.party, "p-2"), (.unit, "u-1"),
    ]
    static let fields = ["name", "seats", "votes", "share"]

    struct Script {
        var generator: SeededGenerator
        let replicas: TestReplicas
        let count: Int

        mutating func value() -> FieldValue {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: .int(Int64.random(in: 0..<3, using: &generator))
            case 1: .string(["a", "b"].randomElement(using: &generator)!)
            case 2: .decimal(ExactDecimal(["1.5", "1.50"].randomElement(using: &generator)!)!)
            default: .null
            }
        }

        mutating func step() throws {
            let index = Int.random(in: 0..<count, using: &generator)
            let replica = replicas[index]
            replicas.clocks[index].advance(by: UInt64.random(in: 0...4, using: &generator))
            let (type, id) = ConvergenceTests.ids.randomElement(using: &generator)!
            switch Int.random(in: 0..<12, using: &generator) {
            case 0...3:
                var values: [(String, FieldValue)] = []
                for name in ConvergenceTests.fields where Bool.random(using: &generator) {
                    values.append((name, value()))
                }
                try replica.put(dataset: "results", type: type, id: id, values: values)
            case 4:
                guard let state = try replica.record(dataset: "results", id: id), !state.isDeleted else { return }
                try replica.delete(dataset: "results", id: id)
            case 5:
                guard let conflict = try replica.conflicts(dataset: "results").randomElement(using: &generator)
                else { return }
                let choice: FieldValue? =
                    Bool.random(using: &generator) ? nil : (conflict.losers.first ?? conflict.winner)
                try replica.resolve(dataset: "results", id: conflict.id, field: conflict.field, value: choice)
            default:
                let from = Int.random(in: 0..<count, using: &generator)
                guard from != index else { return }
                try partialPull(into: index, from: from)
            }
        }

        /// A pull that may be interrupted, may apply a batch twice, may not advance its cursor, and may not ask
        /// for echo suppression.
        mutating func partialPull(into index: Int, from: Int) throws {
            let (local, remote) = (replicas[index], replicas[from])
            let batches = Int.random(in: 1...3, using: &generator)
            let size = Int.random(in: 1...5, using: &generator)
            let suppress = Int.random(in: 0..<4, using: &generator) != 0
            for _ in 0..<batches {
                let saved = try local.cursor(peer: remote.siteID, dataset: "results", direction: .pull)
                let batch = try remote.changes(
                    dataset: "results", after: saved?.sequence ?? 0, limit: size,
                    excludingPeer: suppress ? local.siteID : nil
                )
                let epoch = try remote.dataset(named: "results")!.epoch
                let update = CursorUpdate(
                    peer: remote.siteID, direction: .pull, cursor: FeedCursor(epoch: epoch, sequence: batch.reached))
                switch Int.random(in: 0..<5, using: &generator) {
                case 0:
                    try local.apply(dataset: "results", records: batch.states(), from: remote.siteID)
                case 1:
                    try local.apply(dataset: "results", records: batch.states(), from: remote.siteID, cursor: update)
                    try local.apply(dataset: "results", records: batch.states(), from: remote.siteID, cursor: update)
                case 2:
                    try local.apply(dataset: "results", records: batch.states().shuffled(using: &generator), from: nil)
                default:
                    try local.apply(dataset: "results", records: batch.states(), from: remote.siteID, cursor: update)
                }
                if batch.isComplete { return }
            }
        }

        func fullExchange() throws {
            for _ in 0..<2 {
                for to in 0..<count {
                    for from in 0..<count where from != to {
                        try replicas[to].pull(from: replicas[from], dataset: "results", batchSize: 4)
                    }
                }
            }
        }
    }

    @Test(arguments: 0..<8)
    func replicasConvergeAfterAFullExchange(shard: Int) throws {
        for seed in UInt64(shard * 1_000)..<UInt64(shard * 1_000 + 20) {
            var generator = SeededGenerator(seed: seed)
            let count = Int.random(in: 2...5, using: &generator)
            let replicas = try TestReplicas(count: count, durability: .normal)
            var script = Script(generator: generator, replicas: replicas, count: count)
            for _ in 0..<Int.random(in: 10...40, using: &script.generator) { try script.step() }
            try script.fullExchange()

            let reference = try replicas[0].snapshot(dataset: "results")
            let referenceConflicts = try replicas[0].conflicts(dataset: "results")
            let referenceInfo = try #require(try replicas[0].dataset(named: "results"))
            var referenceExport: [RecordState] = []
            try replicas[0].forEachLiveRecord(dataset: "results") { referenceExport.append($0) }
            for index in 1..<count {
                #expect(try replicas[index].snapshot(dataset: "results") == reference, "seed \(seed)")
                #expect(try replicas[index].conflicts(dataset: "results") == referenceConflicts, "seed \(seed)")
                let info = try #require(try replicas[index].dataset(named: "results"))
                #expect(info.recordCount == referenceInfo.recordCount, "seed \(seed)")
                #expect(info.conflictCount == referenceInfo.conflictCount, "seed \(seed)")
                var export: [RecordState] = []
                try replicas[index].forEachLiveRecord(dataset: "results") { export.append($0) }
                #expect(export == referenceExport, "seed \(seed)")
            }
            // Once converged, syncing again transfers nothing.
            for to in 0..<count {
                for from in 0..<count where from != to {
                    #expect(try replicas[to].pull(from: replicas[from], dataset: "results") == 0, "seed \(seed)")
                }
            }
        }
    }
}
