import Replica
import Store
import Testing
import Wire

@Suite struct ConflictTests {
    private func syncAll(_ replicas: TestReplicas, _ count: Int) throws {
        for _ in 0..<2 {
            for to in 0..<count {
                for from in 0..<count where from != to {
                    try replicas[to].pull(from: replicas[from], dataset: "results")
                }
            }
        }
    }

    @Test func concurrentEditsOfOneFieldGiveOneWinnerAndOneLoserEverywhere() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(1))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(10))])
        try replicas[1].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(20))])
        try syncAll(replicas, 2)
        let conflicts = try replicas[0].conflicts(dataset: "results")
        #expect(conflicts.count == 1)
        #expect(try replicas[1].conflicts(dataset: "results") == conflicts)
        let conflict = try #require(conflicts.first)
        #expect(conflict.field == "votes" && conflict.id == "t" && conflict.type == .tally)
        // Same wall clock on both: the clocks tie on milliseconds, so the higher (clock, site) decides.
        let state = try #require(try replicas[0].record(dataset: "results", id: "t"))
        let winner = try #require(state.fields.first { $0.name == "votes" }?.writes.first)
        #expect(conflict.winner == winner.value)
        #expect(Set([conflict.winner] + conflict.losers) == [.int(10), .int(20)])
        #expect(try replicas[0].dataset(named: "results")?.conflictCount == 1)
        #expect(try replicas[1].record(dataset: "results", id: "t") == state)
    }

    @Test func editsOfDifferentFieldsMergeCleanly() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(
            dataset: "results", type: .party, id: "p", values: [("name", .string("A")), ("seats", .int(1))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        try replicas[0].put(dataset: "results", type: .party, id: "p", values: [("name", .string("B"))])
        try replicas[1].put(dataset: "results", type: .party, id: "p", values: [("seats", .int(2))])
        try syncAll(replicas, 2)
        for index in 0..<2 {
            #expect(try replicas[index].conflicts(dataset: "results").isEmpty)
            let state = try #require(try replicas[index].record(dataset: "results", id: "p"))
            #expect(state.value(of: "name") == .string("B") && state.value(of: "seats") == .int(2))
        }
    }

    @Test func aRelayedEditIsNoConflict() throws {
        let replicas = try TestReplicas(count: 3)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(1))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        try replicas[2].pull(from: replicas[0], dataset: "results")
        try replicas[1].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(2))])
        try replicas[2].pull(from: replicas[1], dataset: "results")
        try replicas[0].pull(from: replicas[2], dataset: "results")
        try replicas[2].pull(from: replicas[0], dataset: "results")
        for index in 0..<3 {
            #expect(try replicas[index].conflicts(dataset: "results").isEmpty)
            #expect(try replicas[index].record(dataset: "results", id: "t")?.value(of: "votes") == .int(2))
        }
    }

    @Test func resolveClearsTheConflictEverywhere() throws {
        let replicas = try TestReplicas(count: 3)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(10))])
        try replicas[1].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(20))])
        try syncAll(replicas, 3)
        #expect(try replicas[2].conflicts(dataset: "results").count == 1)
        let missing = #expect(throws: ReplicaError.self) {
            try replicas[2].resolve(dataset: "results", id: "t", field: "seats", value: .int(1))
        }
        #expect(missing?.code == .conflictNotFound)
        try replicas[2].resolve(dataset: "results", id: "t", field: "votes", value: .int(15))
        try syncAll(replicas, 3)
        for index in 0..<3 {
            #expect(try replicas[index].conflicts(dataset: "results").isEmpty)
            #expect(try replicas[index].dataset(named: "results")?.conflictCount == 0)
            #expect(try replicas[index].record(dataset: "results", id: "t")?.value(of: "votes") == .int(15))
        }
    }

    @Test func keepResolvesWithTheWinnersValue() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(10))])
        try replicas[1].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(20))])
        try syncAll(replicas, 2)
        let winner = try #require(try replicas[0].conflicts(dataset: "results").first).winner
        let resolved = try replicas[0].resolve(dataset: "results", id: "t", field: "votes")
        #expect(resolved.value(of: "votes") == winner && !resolved.hasConflicts)
    }
}
