import Replica
import Store
import TestSupport
import Testing
import Wire

@Suite struct TombstoneTests {
    @Test func deleteAgainstAConcurrentEditIsAConflictOnDeleted() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(1))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        try replicas[0].delete(dataset: "results", id: "t")
        replicas.clocks[1].advance(by: 1)
        try replicas[1].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(2))])
        try replicas[0].pull(from: replicas[1], dataset: "results")
        try replicas[1].pull(from: replicas[0], dataset: "results")
        let expected = [Conflict(type: .tally, id: "t", field: "_deleted", winner: .bool(false), losers: [.bool(true)])]
        for index in 0..<2 {
            #expect(try replicas[index].conflicts(dataset: "results") == expected)
            let state = try #require(try replicas[index].record(dataset: "results", id: "t"))
            #expect(!state.isDeleted && state.value(of: "votes") == .int(2))
        }
        #expect(try replicas[0].snapshot(dataset: "results") == replicas[1].snapshot(dataset: "results"))
        // Settling it for the delete removes the record everywhere.
        try replicas[1].resolve(dataset: "results", id: "t", field: "_deleted", value: .bool(true))
        try replicas[0].pull(from: replicas[1], dataset: "results")
        #expect(try replicas[0].record(dataset: "results", id: "t")?.isDeleted == true)
        #expect(try replicas[0].conflicts(dataset: "results").isEmpty)
    }

    /// Edit wins whatever the clocks say: a delete NEWER than a concurrent edit leaves the record live with the
    /// edit, and shows as the same `_deleted` conflict; both replicas hold the same bytes.
    @Test func aDeleteNewerThanAConcurrentEditLeavesTheEditLive() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(1))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        try replicas[1].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(2))])
        replicas.clocks[0].advance(by: 1_000)
        try replicas[0].delete(dataset: "results", id: "t")
        try replicas[0].pull(from: replicas[1], dataset: "results")
        try replicas[1].pull(from: replicas[0], dataset: "results")
        let expected = [Conflict(type: .tally, id: "t", field: "_deleted", winner: .bool(false), losers: [.bool(true)])]
        for index in 0..<2 {
            let state = try #require(try replicas[index].record(dataset: "results", id: "t"))
            #expect(state.liveness.first?.value == .bool(false), "the tombstone has the higher clock")
            #expect(!state.isDeleted && state.value(of: "votes") == .int(2))
            #expect(try replicas[index].conflicts(dataset: "results") == expected)
            #expect(try replicas[index].dataset(named: "results")?.recordCount == 1)
        }
        #expect(try replicas[0].snapshot(dataset: "results") == replicas[1].snapshot(dataset: "results"))
        // Keeping the winner keeps the record; it syncs and clears the conflict everywhere.
        try replicas[0].resolve(dataset: "results", id: "t", field: "_deleted")
        try replicas[1].pull(from: replicas[0], dataset: "results")
        for index in 0..<2 {
            let state = try #require(try replicas[index].record(dataset: "results", id: "t"))
            #expect(!state.isDeleted && !state.hasConflicts && state.value(of: "votes") == .int(2))
        }
        #expect(try replicas[0].snapshot(dataset: "results") == replicas[1].snapshot(dataset: "results"))
    }

    @Test func aDeleteReachesEveryReplica() throws {
        let replicas = try TestReplicas(count: 3)
        try replicas[0].put(dataset: "results", type: .tally, id: "t", values: [("votes", .int(1))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        try replicas[2].pull(from: replicas[1], dataset: "results")
        try replicas[1].delete(dataset: "results", id: "t")
        try replicas[2].pull(from: replicas[1], dataset: "results")
        try replicas[0].pull(from: replicas[2], dataset: "results")
        for index in 0..<3 {
            #expect(try replicas[index].record(dataset: "results", id: "t")?.isDeleted == true)
            #expect(try replicas[index].dataset(named: "results")?.recordCount == 0)
        }
    }

    @Test func aRecreatedRecordDoesNotGetItsOldValuesBack() throws {
        let replicas = try TestReplicas(count: 2)
        try replicas[0].put(
            dataset: "results", type: .party, id: "p", values: [("name", .string("Old")), ("seats", .int(3))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        try replicas[0].delete(dataset: "results", id: "p")
        try replicas[0].put(dataset: "results", type: .party, id: "p", values: [("name", .string("New"))])
        try replicas[1].pull(from: replicas[0], dataset: "results")
        for index in 0..<2 {
            let state = try #require(try replicas[index].record(dataset: "results", id: "p"))
            #expect(!state.isDeleted && !state.hasConflicts)
            #expect(state.values.map(\.name) == ["name"] && state.value(of: "name") == .string("New"))
        }
    }
}
