import Replica
import Store
import TestSupport
import Testing
import Wire

/// A local write equal to what the replica reads is no write: no clock, no feed entry, nothing to sync, no
/// conflict; a write of some equal and some new values writes only the new ones.
@Suite struct NoOpWriteTests {
    private static func tally(_ index: Int, votes: Int64) -> (RecordType, String, [(String, FieldValue)]) {
        (.tally, "t-\(index)", [("unit_id", .string("U-\(index)")), ("votes", .int(votes))])
    }

    private static let file = (1...33).map { tally($0, votes: Int64($0) * 100) }

    @Test func aPutOfTheValuesReadWritesNothing() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        let first = try replica.put(
            dataset: "results", type: .party, id: "p", values: [("name", .string("Greens")), ("seats", .int(3))])
        let clock = try replica.lastClock()
        replicas.clocks[0].advance(by: 1_000)
        let again = try replica.put(
            dataset: "results", type: .party, id: "p", values: [("seats", .int(3)), ("name", .string("Greens"))])
        let absent = try replica.put(dataset: "results", type: .party, id: "p", values: [("abbreviation", .null)])
        #expect(again == first && absent == first)
        #expect(try replica.record(dataset: "results", id: "p") == first)
        #expect(try replica.dataset(named: "results")?.sequence == 1)
        #expect(try replica.lastClock() == clock, "the clock does not tick for a write that changes nothing")
    }

    @Test func aPutWritesOnlyTheFieldsThatDiffer() throws {
        let replicas = try TestReplicas(count: 1)
        let replica = replicas[0]
        let first = try replica.put(
            dataset: "results", type: .party, id: "p", values: [("name", .string("Greens")), ("seats", .int(3))])
        replicas.clocks[0].advance(by: 1_000)
        let edited = try replica.put(
            dataset: "results", type: .party, id: "p", values: [("name", .string("Greens")), ("seats", .int(4))])
        let name = { (state: RecordState) in state.fields.first { $0.name == "name" }?.writes }
        #expect(name(edited) == name(first), "the unchanged field keeps its write")
        #expect(edited.value(of: "seats") == .int(4))
        #expect(try replica.dataset(named: "results")?.sequence == 2)
    }

    @Test func aPutOfAFieldInConflictSettlesItEvenWithTheWinnersValue() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(10))])
        try replicas[1].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(20))])
        try replicas[0].pull(from: replicas[1], dataset: "results")
        let conflict = try #require(try replicas[0].conflicts(dataset: "results").first)
        let settled = try replicas[0].put(
            dataset: "results", type: .tally, id: "t", values: [("votes", conflict.winner)])
        #expect(!settled.hasConflicts && settled.value(of: "votes") == conflict.winner)
        try replicas[1].pull(from: replicas[0], dataset: "results")
        #expect(try replicas[1].conflicts(dataset: "results").isEmpty)
        #expect(try replicas[1].snapshot(dataset: "results") == replicas[0].snapshot(dataset: "results"))
    }

    @Test func reImportingAnUnchangedFileWritesNothingAndASyncSendsNothing() throws {
        let replicas = try TestReplicas(count: 2)
        let created = try replicas[0].importRecords(into: "results", Self.file)
        #expect(created == ImportResult(created: 33, changed: 0, unchanged: 0))
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 33)
        let sequence = try #require(try replicas[0].dataset(named: "results")).sequence
        replicas.clocks[0].advance(by: 1_000)
        let again = try replicas[0].importRecords(into: "results", Self.file)
        #expect(again == ImportResult(created: 0, changed: 0, unchanged: 33))
        #expect(again.imported == 33)
        #expect(try replicas[0].dataset(named: "results")?.sequence == sequence)
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 0)

        var edited = Self.file
        edited[4] = Self.tally(5, votes: 1)
        edited.append(Self.tally(99, votes: 9))
        let mixed = try replicas[0].importRecords(into: "results", edited)
        #expect(mixed == ImportResult(created: 1, changed: 1, unchanged: 32))
        #expect(try replicas[0].dataset(named: "results")?.sequence == sequence + 2)
        #expect(try replicas[1].pull(from: replicas[0], dataset: "results") == 2)
    }

    /// The scenario: A imports, B gets it, B corrects a field, A re-imports the same file, they sync.
    @Test func aColleaguesCorrectionSurvivesAReImportOfTheSameFileWithNoConflict() throws {
        let replicas = try TestReplicas(count: 2)
        let (a, b) = (replicas[0], replicas[1])
        try a.importRecords(into: "results", Self.file)
        try b.pull(from: a, dataset: "results")
        replicas.clocks[1].advance(by: 10)
        try b.put(dataset: "results", type: .tally, id: "t-7", values: [("votes", .int(8_744_080))])
        replicas.clocks[0].advance(by: 20)
        #expect(try a.importRecords(into: "results", Self.file).unchanged == 33)
        try a.pull(from: b, dataset: "results")
        try b.pull(from: a, dataset: "results")
        for replica in [a, b] {
            #expect(try replica.conflicts(dataset: "results").isEmpty)
            #expect(try replica.record(dataset: "results", id: "t-7")?.value(of: "votes") == .int(8_744_080))
        }
        #expect(try a.snapshot(dataset: "results") == b.snapshot(dataset: "results"))
    }

    /// For random states (conflicts, tombstones and re-creates included), a put of values the record reads now
    /// (any subset of its fields that are not in conflict, and absent fields as null) is identical to no put.
    @Test func aPutOfTheValuesReadIsIdenticalToNoPut() {
        var checked = 0
        for seed in UInt64(5_000)...5_300 {
            var simulator = HistorySimulator(seed: seed)
            simulator.run(steps: 30)
            for state in simulator.allStates where !state.isDeleted {
                var values: [(String, FieldValue)] = []
                for name in HistorySimulator.fieldNames where Bool.random(using: &simulator.generator) {
                    let writes = state.fields.first { $0.name == name }?.writes ?? []
                    guard !RecordState.isConflicted(writes) else { continue }
                    values.append((name, state.value(of: name)))
                }
                values.shuffle(using: &simulator.generator)
                let later = HLCTimestamp(rawValue: state.versionVector.maxClock.rawValue + 1)
                let site = SiteID(high: 77, low: seed)
                let put = RecordState.put(values, into: state, type: .tally, id: state.id, clock: later, site: site)
                #expect(put == state, "seed \(seed)")
                checked += 1
                // And a value that differs is a write.
                let name = HistorySimulator.fieldNames.randomElement(using: &simulator.generator)!
                let changed = RecordState.put(
                    [(name, .string("new"))], into: state, type: .tally, id: state.id, clock: later, site: site)
                #expect(changed != state && changed.value(of: name) == .string("new"), "seed \(seed)")
            }
        }
        #expect(checked > 1_000)
    }
}
