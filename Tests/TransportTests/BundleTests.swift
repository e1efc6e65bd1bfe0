import Foundation
import Replica
import Store
import Sync
import Testing
import Transport
import Wire
import TestSupport

/// Bundles as users rely on them: they carry everything, apply harmlessly in any order and any number of times,
/// and a damaged one is refused without changing anything.
@Suite struct BundleTests {
    let replicas: TemporaryReplicas

    init() throws {
        replicas = try TemporaryReplicas()
    }

    func path(_ name: String) -> String {
        replicas.root.appendingPathComponent(name).path
    }

    func edit(_ replica: Replica, _ id: String, votes: Int64) throws {
        try replica.put(dataset: "fr", type: .tally, id: id, values: [("votes", .int(votes))])
    }

    @Test func aBundleCarriesEveryRecordAndCreatesTheDataset() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(a, count: 2_500)
        try a.delete(dataset: "fr", id: "t-7")
        let summary = try await BundleWriter(store: ReplicaRecordStore(replica: a), batchSize: 1_000).write(
            to: path("a.bundle"))
        #expect(summary.trailer.recordCount == 2_500)
        #expect(summary.trailer.batchCount == 3)

        let report = try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("a.bundle"))
        #expect(report.created == ["fr"])
        #expect(try b.dataset(named: "fr")?.kind == .election)
        #expect(try TemporaryReplicas.states(b, "fr") == TemporaryReplicas.states(a, "fr"))
        let end = try a.dataset(named: "fr")?.sequence
        #expect(try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull)?.sequence == end)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: replicas.root.path)
            .filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty, "the temporary file is renamed into place")
    }

    @Test func aBundleIsWrittenInColumnsAndAFormat1OneForOlderReadersCarriesTheSame() async throws {
        let a = try replicas.make()
        try TemporaryReplicas.seed(a, count: 2_500)
        let store = ReplicaRecordStore(replica: a)
        let current = try await BundleWriter(store: store).write(to: path("2.bundle"))
        var writer = BundleWriter(store: store)
        writer.formatVersion = 1
        let old = try await writer.write(to: path("1.bundle"))

        #expect(current.header.formatVersion == 2 && old.header.formatVersion == 1)
        // The batches laid out by column make the file a fraction of the format-1 one (compressed both).
        #expect(current.fileSize * 2 < old.fileSize, "format 2: \(current.fileSize) bytes, format 1: \(old.fileSize)")
        for (name, frameType) in [("2.bundle", MessageType.recordColumns), ("1.bundle", .recordBatch)] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
            let headerLength = bytes[10..<14].reduce(0) { $0 << 8 | Int($1) }
            #expect(bytes[14 + headerLength + 4] == frameType.rawValue, "\(name)")
            let b = try replicas.make()
            try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path(name))
            #expect(try TemporaryReplicas.states(b, "fr") == TemporaryReplicas.states(a, "fr"), "\(name)")
        }
    }

    @Test func applyingTwiceOrOutOfOrderChangesNothingMoreAndNeverMovesTheCursorBack() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(a, count: 50)
        try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(to: path("1.bundle"))
        for index in 0..<10 { try edit(a, "t-\(index)", votes: 1_000 + Int64(index)) }
        try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(to: path("2.bundle"))
        let end = try #require(try a.dataset(named: "fr")).sequence

        try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("2.bundle"))
        let again = try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("2.bundle"))
        #expect(again.datasets.map(\.applied) == [0])
        let older = try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("1.bundle"))
        #expect(older.datasets.map(\.applied) == [0])
        #expect(older.datasets.map(\.cursorAdvanced) == [false])
        #expect(try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull)?.sequence == end)
        #expect(try TemporaryReplicas.states(b, "fr") == TemporaryReplicas.states(a, "fr"))
    }

    @Test func aBundleThatStartsAfterTheSavedCursorMergesButDoesNotMoveIt() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(a, count: 20)
        let info = try #require(try a.dataset(named: "fr"))
        // A believes B holds its feed up to 10: a bundle for B starts there.
        try a.setCursor(
            CursorUpdate(peer: b.siteID, direction: .push, cursor: FeedCursor(epoch: info.epoch, sequence: 10)),
            dataset: "fr"
        )
        let summary = try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(
            to: path("partial.bundle"), target: b.siteID)
        #expect(summary.header.datasets.map(\.after) == [10])
        #expect(summary.trailer.recordCount == 10)
        let report = try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("partial.bundle"))
        #expect(report.datasets.map(\.applied) == [10])
        #expect(report.datasets.map(\.cursorAdvanced) == [false])
        let cursor = try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull)
        #expect(cursor == nil || cursor?.sequence == 0)
    }

    @Test func aBundleForAnotherReplicaNeverMovesTheCursor() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        let c = try replicas.make()
        try TemporaryReplicas.seed(a, count: 5)
        try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(to: path("for-b.bundle"), target: b.siteID)
        let report = try await BundleApplier(store: ReplicaRecordStore(replica: c)).apply(path: path("for-b.bundle"))
        #expect(report.datasets.map(\.applied) == [5])
        #expect(report.datasets.map(\.cursorAdvanced) == [false])
    }

    @Test func aBundleAfterTheSameDataCameByNetworkIsHarmless() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(a, count: 30)
        try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(to: path("old.bundle"))
        try edit(a, "t-1", votes: 77)
        let server = try await TestServer.start(replica: a)
        _ = try await SyncClient.withSession(url: server.url, store: ReplicaRecordStore(replica: b), token: nil) {
            session in try await session.pull(dataset: "fr", kind: .election)
        }
        try await server.stop()
        let cursor = try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull)
        let report = try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("old.bundle"))
        #expect(report.datasets.map(\.applied) == [0])
        #expect(try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull) == cursor)
        #expect(try TemporaryReplicas.states(b, "fr") == TemporaryReplicas.states(a, "fr"))
    }

    @Test func theTargetsAcknowledgementMakesTheNextBundleIncremental() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(a, count: 40)
        try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(to: path("a1.bundle"))
        try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("a1.bundle"))
        try edit(b, "t-3", votes: 3_333)
        // B answers A: its changes, and how far it holds A's feed.
        let back = try await BundleWriter(store: ReplicaRecordStore(replica: b)).write(
            to: path("b1.bundle"), target: a.siteID)
        #expect(back.trailer.recordCount == 1, "what came from A unchanged is left out")
        try await BundleApplier(store: ReplicaRecordStore(replica: a)).apply(path: path("b1.bundle"))
        try edit(a, "t-4", votes: 4_444)
        try edit(a, "t-5", votes: 5_555)
        let next = try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(
            to: path("a2.bundle"), target: b.siteID)
        #expect(next.trailer.recordCount == 2)
        let report = try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("a2.bundle"))
        #expect(report.datasets.map(\.cursorAdvanced) == [true])
        #expect(try TemporaryReplicas.states(b, "fr") == TemporaryReplicas.states(a, "fr"))
    }

    @Test func aTruncatedOrTamperedBundleIsRefusedAndChangesNothing() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(a, count: 300)
        try await BundleWriter(store: ReplicaRecordStore(replica: a), batchSize: 100).write(to: path("good.bundle"))
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("good.bundle"))))
        var generator = SystemRandomNumberGenerator()
        var damaged: [[UInt8]] = [[], Array(good.prefix(6)), Array(good.dropLast()), Array(good.dropLast(52))]
        for _ in 0..<40 { damaged.append(Array(good.prefix(Int.random(in: 0..<good.count, using: &generator)))) }
        for _ in 0..<60 {
            var copy = good
            let index = Int.random(in: 0..<copy.count, using: &generator)
            copy[index] ^= UInt8.random(in: 1...255, using: &generator)
            damaged.append(copy)
        }
        damaged.append(good + [0])
        // A changed creator in the header: every frame is still well formed; only the checksum can tell.
        var forged = good
        forged[Preamble.size + 8 + 2] ^= 0x01
        damaged.append(forged)
        for (index, bytes) in damaged.enumerated() {
            let file = path("bad-\(index).bundle")
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            await #expect(throws: TransportError.self) {
                try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: file)
            }
            #expect(try b.datasets().isEmpty)
        }
        #expect(try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull) == nil)
    }

    @Test func aDatasetOfAnotherKindIsRefusedBeforeAnythingIsApplied() async throws {
        let a = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(a, count: 3)
        try a.createDataset(named: "zz", kind: .election)
        try await BundleWriter(store: ReplicaRecordStore(replica: a)).write(to: path("k.bundle"))
        try b.createDataset(named: "zz", kind: .statement)
        let error = await #expect(throws: TransportError.self) {
            try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("k.bundle"))
        }
        #expect(error?.code == .badBundle)
        #expect(error?.message.contains("dataset zz is statement here but election in the bundle") == true)
        #expect(try b.dataset(named: "fr") == nil)
    }

    /// A bundle applies whole or not at all: a record the store refuses in the LAST batch (a clock 30 days ahead)
    /// leaves every earlier batch, the created dataset, the cursors and the clock as they were.
    @Test func aBundleWhoseLastBatchIsRefusedChangesNothing() async throws {
        let made = try replicas.make()
        let b = try replicas.make()
        try TemporaryReplicas.seed(made, count: 30)
        try await BundleWriter(store: ReplicaRecordStore(replica: made)).write(to: path("first.bundle"))
        try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("first.bundle"))
        // The creator tolerates any drift, so a record from a replica whose clock runs 30 days ahead reaches it
        // and is the last change of its feed.
        let a = try Replica.open(at: made.directory, options: ReplicaOptions(maxDrift: .max / 2))
        let ahead = try Replica.open(
            at: try replicas.make().directory,
            options: ReplicaOptions(wallClock: WallClock { WallClock.system.milliseconds() + 30 * 86_400_000 })
        )
        try TemporaryReplicas.seed(ahead, count: 1)
        try a.createDataset(named: "aa", kind: .election)
        try a.put(
            dataset: "aa", type: .party, id: "p",
            values: [
                ("name", .string("P")), ("country", .string("FR")), ("classification", .enumeration("party")),
            ])
        for index in 0..<25 { try edit(a, "t-\(index)", votes: 5_000 + Int64(index)) }
        let late = try ahead.changes(dataset: "fr", after: 0, limit: 10).states()
        try a.apply(dataset: "fr", records: late, from: ahead.siteID)
        let summary = try await BundleWriter(store: ReplicaRecordStore(replica: a), batchSize: 10).write(
            to: path("late.bundle"))
        #expect(summary.trailer.batchCount == 4)

        let sequence = try b.dataset(named: "fr")?.sequence
        let states = try TemporaryReplicas.states(b, "fr")
        let cursor = try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull)
        let clock = try b.lastClock()
        let error = await #expect(throws: TransportError.self) {
            try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("late.bundle"))
        }
        #expect(error?.code == .badBundle)
        #expect(error?.message.contains("nothing applied") == true, "\(error?.message ?? "")")
        #expect(try b.dataset(named: "fr")?.sequence == sequence)
        #expect(try TemporaryReplicas.states(b, "fr") == states)
        #expect(try b.cursor(peer: a.siteID, dataset: "fr", direction: .pull) == cursor)
        #expect(try b.datasets().map(\.name) == ["fr"], "the dataset the bundle created is gone too")
        #expect(try b.lastClock() == clock)
    }

    @Test func aWellFormedBundleWithAnInvalidRecordIsRefusedWhole() async throws {
        let b = try replicas.make()
        let site = SiteID.random()
        let clock = HLCTimestamp(milliseconds: 1_719_820_800_000, counter: 0)
        func record(_ id: String, _ type: RecordType, _ fields: [(String, FieldValue)]) -> RecordState {
            RecordState(
                id: id, type: type, versionVector: VersionVector([(site, clock)]),
                liveness: [FieldWrite(value: .bool(true), clock: clock, site: site)],
                fields: fields.map {
                    RecordState.Field(name: $0.0, writes: [FieldWrite(value: $0.1, clock: clock, site: site)])
                }
            )
        }
        let good = record("fr", .unit, [("level", .enumeration("country")), ("name", .string("France"))])
        let stray = record("p-1", .person, [("name", .string("Dmitry Peskov"))])
        let header = BundleHeader(
            creator: site, createdAt: clock, target: nil,
            datasets: [BundleDatasetRange(name: "fr", kind: .election, epoch: 9, after: 0, through: 2)]
        )
        let bytes = try BundleFormat.encode(
            header: header,
            batches: [
                RecordBatch(
                    dataset: "fr", batchNumber: 1, records: [good], cursor: FeedCursor(epoch: 9, sequence: 1),
                    isLast: false),
                RecordBatch(
                    dataset: "fr", batchNumber: 2, records: [stray], cursor: FeedCursor(epoch: 9, sequence: 2),
                    isLast: true),
            ]
        )
        try Data(bytes).write(to: URL(fileURLWithPath: path("stray.bundle")))
        let error = await #expect(throws: TransportError.self) {
            try await BundleApplier(store: ReplicaRecordStore(replica: b)).apply(path: path("stray.bundle"))
        }
        #expect(error?.message.contains("p-1") == true)
        #expect(try b.datasets().isEmpty)
    }
}
