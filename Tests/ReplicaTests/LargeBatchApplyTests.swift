import Foundation
import Replica
import Store
import TestSupport
import Testing
import Wire

/// A batch of a pull's size (1,300 records, more than one of anything a store might cut a batch into) applied
/// through the sync backend, gate included. What a user depends on: the stored bytes and digests are the sender's,
/// and a refusal anywhere in the batch, however late, changes nothing and gives the gate's reason before any
/// other (a schema problem in the last record wins over a type change the writes meet first).
@Suite struct LargeBatchApplyTests {
    /// 1,300 tallies in `results` of replica 0 (and what `extra` adds), as one batch with its cursor.
    static func source(_ replicas: TestReplicas, count: Int = 1_300, extra: (Replica) throws -> Void = { _ in })
        throws -> (records: [RecordState], cursor: CursorUpdate)
    {
        try replicas[0].importRecords(
            into: "results",
            (0..<count).map { index in
                (
                    RecordType.tally, "t-\(index)",
                    [
                        ("election_id", FieldValue.string("fr-an-2024")), ("round", .int(2)),
                        ("unit_id", .string("FR-\(index)")), ("selection_id", .string("RN")),
                        ("votes", .int(Int64(index))), ("status", .enumeration("unofficial-complete")),
                    ]
                )
            })
        try extra(replicas[0])
        let batch = try replicas[0].changes(dataset: "results", after: 0, limit: count + 10)
        let epoch = try #require(try replicas[0].dataset(named: "results")).epoch
        return (
            try batch.states(),
            CursorUpdate(
                peer: replicas[0].siteID, direction: .pull, cursor: FeedCursor(epoch: epoch, sequence: batch.reached))
        )
    }

    /// Applies `records` to replica 1 through its sync backend, gate included, as a pull does.
    static func applyThroughTheGate(_ replicas: TestReplicas, _ records: [RecordState], _ cursor: CursorUpdate)
        async throws -> ApplyResult
    {
        try await ReplicaRecordStore(replica: replicas[1]).applyBatch(
            dataset: "results", records: records, from: replicas[0].siteID, cursor: cursor.cursor)
    }

    @Test func aLargeBatchStoresTheSameBytesAndDigestsAsItsSender() async throws {
        let replicas = try TestReplicas(count: 2)
        let (records, cursor) = try Self.source(replicas)
        let result = try await Self.applyThroughTheGate(replicas, records, cursor)
        #expect(result.applied == 1_300 && result.created == 1_300 && result.unchanged == 0)
        #expect(
            try TemporaryReplicas.states(replicas[1], "results") == TemporaryReplicas.states(replicas[0], "results"))
        // The digests the writer stored are those of the states: the two replicas reconcile as equal.
        #expect(
            try replicas[1].reconcileSum(dataset: "results", from: "", to: "").sum
                == replicas[0].reconcileSum(dataset: "results", from: "", to: "").sum)
        // The same batch again is known record by record, by digest: nothing is written.
        let again = try await Self.applyThroughTheGate(replicas, records, cursor)
        #expect(again.unchanged == 1_300 && again.applied == 0)
    }

    @Test func aSchemaProblemInTheLastChunkRefusesTheWholeBatchForItsReason() async throws {
        let replicas = try TestReplicas(count: 2)
        // The last record breaks the schema; an early one changes type, which the writer meets first.
        let (records, cursor) = try Self.source(replicas) { replica in
            try replica.put(dataset: "results", type: .tally, id: "t-9999", values: [("bogus", .int(1))])
        }
        try replicas[1].put(dataset: "results", type: .party, id: "t-3", values: [("name", .string("Greens"))])
        let before = try #require(try replicas[1].dataset(named: "results"))
        let refused = await #expect(throws: ReplicaError.self) {
            _ = try await Self.applyThroughTheGate(replicas, records, cursor)
        }
        #expect(refused?.code == .invalidRecord, "\(refused?.message ?? "")")
        #expect(refused?.recordIDs == ["t-9999"])
        let after = try #require(try replicas[1].dataset(named: "results"))
        #expect(after.sequence == before.sequence && after.recordCount == 1)
        #expect(try replicas[1].cursor(peer: replicas[0].siteID, dataset: "results", direction: .pull) == nil)
    }

    @Test func aClockTooFarAheadInTheLastRecordRefusesTheWholeBatch() async throws {
        let replicas = try TestReplicas(count: 2)
        let (records, cursor) = try Self.source(replicas) { replica in
            replicas.clocks[0].advance(by: 8 * 86_400_000)
            try replica.put(
                dataset: "results", type: .tally, id: "t-late",
                values: [
                    ("election_id", .string("fr-an-2024")), ("round", .int(2)), ("unit_id", .string("FR-late")),
                    ("selection_id", .string("RN")), ("votes", .int(1)),
                    ("status", .enumeration("unofficial-complete")),
                ])
        }
        let clockBefore = try replicas[1].lastClock()
        let refused = await #expect(throws: ReplicaError.self) {
            _ = try await Self.applyThroughTheGate(replicas, records, cursor)
        }
        #expect(refused?.code == .clockDrift)
        #expect(try replicas[1].snapshot(dataset: "results").isEmpty)
        #expect(try replicas[1].lastClock() == clockBefore)
    }

    @Test func aTypeChangeInALargeBatchThatPassesTheChecksIsTheReason() async throws {
        let replicas = try TestReplicas(count: 2)
        let (records, cursor) = try Self.source(replicas)
        try replicas[1].put(dataset: "results", type: .party, id: "t-1200", values: [("name", .string("Greens"))])
        let refused = await #expect(throws: ReplicaError.self) {
            _ = try await Self.applyThroughTheGate(replicas, records, cursor)
        }
        #expect(refused?.code == .typeChange)
        #expect(try replicas[1].snapshot(dataset: "results").keys.sorted() == ["t-1200"])
    }
}
