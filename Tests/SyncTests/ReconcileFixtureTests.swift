import Foundation
import NIOCore
import Replica
import Store
import Sync
import Testing
import Wire

/// Fixtures 17 and 18 are a real reconcile round computed by the code: a client holding the 9 records of
/// fixture 11 opens with two fingerprints, and a server holding all of them but fr-2024-leg-r2-fr-UG answers.
@Suite struct ReconcileFixtureTests {
    static let framesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/frames")

    static func message(_ name: String) throws -> WireMessage {
        let bytes = try Data(contentsOf: framesDirectory.appendingPathComponent("\(name).bin"))
        let messages = try FrameDecoder().messages(in: [UInt8](bytes))
        try #require(messages.count == 1)
        return messages[0]
    }

    /// A replica holding the records of fixture 11 in dataset fr-2024, but those in `leavingOut`.
    static func replica(_ fixture: SyncFixture, leavingOut: Set<String> = []) async throws -> Replica {
        guard case .recordBatch(let batch) = try message("11-record-batch-compressed") else {
            throw SyncError(.badRequest, "fixture 11 is not a RECORD_BATCH")
        }
        let replica = try fixture.replica()
        let store = ReplicaRecordStore(replica: replica)
        try await store.createDataset(name: batch.dataset, kind: .election)
        _ = try await store.applyBatch(
            dataset: batch.dataset, records: batch.records.filter { !leavingOut.contains($0.id) },
            from: SiteID(hex: "3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")!, cursor: batch.cursor)
        return replica
    }

    /// The sum of 128-bit big-endian numbers modulo 2^128, computed here apart from `RangeSummary`.
    static func sum(_ digests: [Digest128]) -> (high: UInt64, low: UInt64) {
        var total = UInt128(0)
        for digest in digests { total &+= UInt128(digest.high) << 64 | UInt128(digest.low) }
        return (UInt64(truncatingIfNeeded: total >> 64), UInt64(truncatingIfNeeded: total))
    }

    @Test func theRequestFingerprintsAreTheClientsRangesOfFixtureElevensRecords() async throws {
        let fixture = try SyncFixture()
        let client = StoreItemSource(
            store: ReplicaRecordStore(replica: try await Self.replica(fixture)), dataset: "fr-2024")
        guard case .reconcileRequest(let request) = try Self.message("17-reconcile-request") else {
            Issue.record("fixture 17 is not a RECONCILE")
            return
        }
        var lower = ""
        for range in request.ranges {
            let ids = IDRange(lower: lower, upper: range.upperBound)
            let items = try await client.items(in: ids)
            let (high, low) = Self.sum(items.map(\.digest))
            let summary = try await client.summary(of: ids)
            #expect(summary == RangeSummary(count: items.count, high: high, low: low), "\(ids)")
            #expect(range.mode == .fingerprint(summary.fingerprint), "\(ids)")
            lower = range.upperBound
        }
        #expect(request.ranges.map(\.upperBound) == ["fr-2024-leg-r2", ""])
    }

    @Test func theReplyIsWhatTheServerComputesAndItsDigestsAreTheRecordsDigests() async throws {
        let fixture = try SyncFixture()
        let server = StoreItemSource(
            store: ReplicaRecordStore(replica: try await Self.replica(fixture, leavingOut: ["fr-2024-leg-r2-fr-UG"])),
            dataset: "fr-2024")
        let client = StoreItemSource(
            store: ReplicaRecordStore(replica: try await Self.replica(fixture)), dataset: "fr-2024")
        guard case .reconcileRequest(let request) = try Self.message("17-reconcile-request"),
            case .reconcileReply(let reply) = try Self.message("18-reconcile-reply")
        else {
            Issue.record("fixtures 17 and 18 are not RECONCILE and RECONCILE_REPLY")
            return
        }
        let step = try await RangeReconciler(role: .responder).step(request.ranges, source: server)
        #expect(step.ranges == reply.ranges)
        // The client, reading the reply, finds the one record the server lacks.
        let answer = try await RangeReconciler(role: .initiator).step(reply.ranges, source: client)
        #expect(answer.have == ["fr-2024-leg-r2-fr-UG"])
        #expect(answer.need.isEmpty)
        #expect(answer.isSettled)
        let clientDigests = Dictionary(
            uniqueKeysWithValues: try await client.items(in: .all).map { ($0.id, $0.digest) })
        for case .idList(let items) in reply.ranges.map(\.mode) {
            for item in items { #expect(clientDigests[item.id] == item.digest, "\(item.id)") }
        }
    }
}
