import Foundation
import Replica
import Store
import Sync
import TestSupport
import Testing
import Transport
import Wire

/// A real client and a real server with a `FaultyProxy` between them that delays, drops and cuts connections in
/// the middle of frames: every transfer either finishes or fails with an error worth retrying (exit 75 on the
/// command line), the rerun resumes where the acknowledged batches ended and sends only what is missing, and the
/// stored states of both sides end identical.
@Suite struct FaultyNetworkTests {
    /// Records per side; with batches of `batchSize` a transfer is `records / batchSize` batches.
    static let records = 3_000
    static let batchSize = 200
    /// Generous: a loaded machine must not make a clean transfer time out.
    static let timeouts = ClientTimeouts(all: .seconds(30))
    /// Short where the connection goes silent (idle), for the transfers that meet a silent connection: they fail
    /// fast, long before the proxy would end them. The handshake keeps the generous bound: under the whole suite
    /// it can wait seconds to be scheduled. 3 s, not 1: with 1 s a handshake slowed by a loaded machine was now and
    /// then taken for silence.
    static let impatient = ClientTimeouts(connect: .seconds(5), handshake: .seconds(30), idle: .seconds(3))

    static var sessionOptions: SessionOptions {
        var options = SessionOptions()
        options.batchSize = batchSize
        return options
    }

    /// A server over a fresh replica (seeded with `records` records when `seeded`), with small batches.
    static func server(_ replicas: TemporaryReplicas, seeded: Bool) async throws -> TestServer {
        let replica = try replicas.make()
        if seeded { try TemporaryReplicas.seed(replica, count: records) }
        return try await TestServer.start(replica: replica) { $0.session = sessionOptions }
    }

    /// `127.0.0.1:port` as a URL.
    static func url(_ port: Int) -> RemoteURL { RemoteURL(host: "127.0.0.1", port: port, usesTLS: false) }

    /// One session through `url`: pulls `fr` when the server has it, then pushes `fr` when the replica has it.
    static func sync(_ replica: Replica, _ url: RemoteURL, timeouts: ClientTimeouts = timeouts) async throws
        -> (pulled: TransferReport, pushed: TransferReport)
    {
        try await syncCounting(replica, url, timeouts: timeouts).reports
    }

    /// `sync`, with the bytes the session moved.
    static func syncCounting(_ replica: Replica, _ url: RemoteURL, timeouts: ClientTimeouts = timeouts) async throws
        -> (reports: (pulled: TransferReport, pushed: TransferReport), counts: SyncClient.WireCounts)
    {
        try await SyncClient.withSession(
            url: url, store: ReplicaRecordStore(replica: replica), token: nil, options: sessionOptions,
            timeouts: timeouts
        ) { session in
            var pulled = TransferReport(dataset: "fr")
            if let kind = try await session.listDatasets().first(where: { $0.name == "fr" })?.kind {
                pulled = try await session.pull(dataset: "fr", kind: kind)
            }
            var pushed = TransferReport(dataset: "fr")
            if try replica.dataset(named: "fr") != nil { pushed = try await session.push(dataset: "fr") }
            return (pulled, pushed)
        }
    }

    /// The bytes a clean transfer of `records` seeded records takes towards the client (a pull from a seeded
    /// server) or towards the server (a push to an empty one), measured so that the cut points below follow the
    /// encoding (record batches laid out by column are a fraction of their rows).
    static func transferBytes(_ direction: NetworkFault.Direction) async throws -> Int {
        let replicas = try TemporaryReplicas()
        let server = try await Self.server(replicas, seeded: direction == .toClient)
        let client = try replicas.make()
        if direction == .toServer { try TemporaryReplicas.seed(client, count: records) }
        let (_, counts) = try await syncCounting(client, url(server.port))
        try await server.stop()
        return direction == .toClient ? counts.bytesReceived : counts.bytesSent
    }

    /// About half-way through a transfer `direction`, and an odd count: inside a frame, not between two.
    static func halfway(_ direction: NetworkFault.Direction) async throws -> Int {
        try await transferBytes(direction) / 2 | 1
    }

    /// Whether the command line would exit 75 for `error` (the transfer may be run again as it is).
    static func isRetryable(_ error: any Error) -> Bool {
        switch error {
        case let error as TransportError: error.isRetryable
        case let error as SyncError: error.retryable
        default: false
        }
    }

    /// Every state `part` holds is exactly the one `whole` holds: nothing garbled, nothing invented.
    static func expectSubset(_ part: Replica, of whole: Replica) throws {
        let wholeStates = try TemporaryReplicas.states(whole, "fr")
        let partStates = (try? TemporaryReplicas.states(part, "fr")) ?? [:]
        let foreign = partStates.filter { wholeStates[$0.key] != $0.value }
        #expect(foreign.isEmpty, "\(foreign.count) records differ from their source")
    }

    /// One feed entry per record: nothing was applied twice.
    static func expectAppliedOnce(_ replica: Replica) throws {
        guard let info = try replica.dataset(named: "fr") else { return }
        #expect(info.sequence == UInt64(info.recordCount), "\(info.recordCount) records, feed at \(info.sequence)")
    }

    /// The records `replica` holds of `fr` (0 when it has no such dataset).
    static func held(_ replica: Replica) throws -> Int { try replica.dataset(named: "fr")?.recordCount ?? 0 }

    /// Waits (up to 30 s) until the server has closed every connection: a session the proxy cut may still be
    /// applying the last whole batch it received when the client has already seen the cut.
    static func waitUntilIdle(_ server: TestServer) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while server.syncServer.connectionsOpen > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.syncServer.connectionsOpen == 0)
    }

    @Test func aSlowNetworkDelaysEveryChunkAndTheSyncStillCompletes() async throws {
        let replicas = try TemporaryReplicas()
        let server = try await Self.server(replicas, seeded: true)
        let proxy = try await FaultyProxy.start(target: server.port) { _ in .delay(.milliseconds(15)) }
        let client = try replicas.make()
        let (pulled, _) = try await Self.sync(client, Self.url(proxy.port))
        #expect(pulled.recordsReceived == Self.records)
        #expect(try TemporaryReplicas.states(client, "fr") == TemporaryReplicas.states(server.replica, "fr"))
        try await proxy.stop()
        try await server.stop()
    }

    @Test func aPullCutMidFrameFailsRetryablyAndTheRerunFetchesOnlyWhatIsMissing() async throws {
        let replicas = try TemporaryReplicas()
        let server = try await Self.server(replicas, seeded: true)
        let cut = try await Self.halfway(.toClient)
        let proxy = try await FaultyProxy.start(target: server.port) { connection in
            connection == 0 ? .cut(.toClient, after: cut) : .clean
        }
        let client = try replicas.make()
        let error = await #expect(throws: (any Error).self) { _ = try await Self.sync(client, Self.url(proxy.port)) }
        #expect(error.map(Self.isRetryable) == true, "\(String(describing: error))")
        let held = try Self.held(client)
        #expect(held > 0 && held < Self.records, "the cut should land mid-transfer (\(held) records held)")
        try Self.expectSubset(client, of: server.replica)
        try Self.expectAppliedOnce(client)
        let (resumed, _) = try await Self.sync(client, Self.url(proxy.port))
        #expect(resumed.recordsReceived == Self.records - held)
        #expect(try TemporaryReplicas.states(client, "fr") == TemporaryReplicas.states(server.replica, "fr"))
        try await proxy.stop()
        try await server.stop()
    }

    @Test func aPushCutMidFrameFailsRetryablyAndTheServerKeepsWholeBatchesOnly() async throws {
        let replicas = try TemporaryReplicas()
        let server = try await Self.server(replicas, seeded: false)
        let cut = try await Self.halfway(.toServer)
        let proxy = try await FaultyProxy.start(target: server.port) { connection in
            connection == 0 ? .cut(.toServer, after: cut) : .clean
        }
        let client = try replicas.make()
        try TemporaryReplicas.seed(client, count: Self.records)
        let error = await #expect(throws: (any Error).self) { _ = try await Self.sync(client, Self.url(proxy.port)) }
        #expect(error.map(Self.isRetryable) == true, "\(String(describing: error))")
        // The server applies a batch and its cursor on the pusher's feed together: what it holds is what it can
        // acknowledge, and the rerun sends exactly the rest.
        try await Self.waitUntilIdle(server)
        let held = try Self.held(server.replica)
        #expect(held > 0 && held < Self.records, "the cut should land mid-transfer (\(held) records held)")
        let acknowledged = try server.replica.cursor(peer: client.siteID, dataset: "fr", direction: .pull)
        #expect(acknowledged?.sequence == UInt64(held))
        try Self.expectSubset(server.replica, of: client)
        try Self.expectAppliedOnce(server.replica)
        let (_, resumed) = try await Self.sync(client, Self.url(proxy.port))
        #expect(resumed.recordsSent == Self.records - held)
        #expect(try TemporaryReplicas.states(client, "fr") == TemporaryReplicas.states(server.replica, "fr"))
        try Self.expectAppliedOnce(server.replica)
        try await proxy.stop()
        try await server.stop()
    }

    @Test func aConnectionThatGoesSilentTimesOutRetryablyAndTheRerunCompletes() async throws {
        let replicas = try TemporaryReplicas()
        let server = try await Self.server(replicas, seeded: true)
        let cut = try await Self.halfway(.toClient)
        let proxy = try await FaultyProxy.start(target: server.port) { connection in
            connection == 0 ? .blackhole(.toClient, after: cut) : .clean
        }
        let client = try replicas.make()
        let started = ContinuousClock.now
        let error = await #expect(throws: TransportError.self) {
            _ = try await Self.sync(client, Self.url(proxy.port), timeouts: Self.impatient)
        }
        #expect(error?.code == .timedOut, "\(String(describing: error))")
        #expect(
            error?.message.contains("sent nothing for 3s; run the same command again to resume") == true,
            "\(String(describing: error?.message))")
        #expect(ContinuousClock.now - started < .seconds(30), "the idle timeout (3 s) should end it, not the proxy")
        try Self.expectSubset(client, of: server.replica)
        _ = try await Self.sync(client, Self.url(proxy.port))
        #expect(try TemporaryReplicas.states(client, "fr") == TemporaryReplicas.states(server.replica, "fr"))
        try await proxy.stop()
        try await server.stop()
    }

    @Test func syncsCutAtRandomPointsFinishOrFailRetryablyAndConverge() async throws {
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        print("FaultyNetworkTests: cut points drawn from seed \(seed)")
        var generator = SeededGenerator(seed: seed)
        let replicas = try TemporaryReplicas()
        let server = try await Self.server(replicas, seeded: true)
        let client = try replicas.make()
        _ = try client.createDataset(named: "fr", kind: .election)
        try client.importRecords(
            into: "fr",
            (0..<Self.records).map { index in
                (
                    RecordType.party, "p-\(index)",
                    [
                        ("name", FieldValue.string("Party \(index)")), ("country", .string("FR")),
                        ("classification", .enumeration("party")),
                    ]
                )
            })
        // Each attempt: a sync through a connection cut (or silenced) at a random byte, either way, anywhere from
        // the preamble to a little past the end of a whole transfer that way.
        let span = [
            NetworkFault.Direction.toClient: try await Self.transferBytes(.toClient),
            .toServer: try await Self.transferBytes(.toServer),
        ]
        let faults = (0..<8).map { _ -> NetworkFault in
            let direction: NetworkFault.Direction = Bool.random(using: &generator) ? .toClient : .toServer
            let bytes = Int.random(in: 0..<(span[direction]! * 5 / 4), using: &generator)
            return Bool.random(using: &generator)
                ? .cut(direction, after: bytes) : .blackhole(direction, after: bytes)
        }
        let proxy = try await FaultyProxy.start(target: server.port) { connection in
            connection < faults.count ? faults[connection] : .clean
        }
        var finished = 0
        for fault in faults {
            do {
                _ = try await Self.sync(client, Self.url(proxy.port), timeouts: Self.impatient)
                finished += 1
            } catch {
                #expect(Self.isRetryable(error), "\(fault): \(error)")
            }
            try Self.expectAppliedOnce(client)
            try Self.expectAppliedOnce(server.replica)
        }
        // Clean connections from here: one sync moves the rest, the next finds nothing to move.
        _ = try await Self.sync(client, Self.url(proxy.port))
        let again = try await Self.sync(client, Self.url(proxy.port))
        #expect(again.pulled.recordsReceived == 0 && again.pushed.recordsSent == 0)
        let states = try TemporaryReplicas.states(server.replica, "fr")
        #expect(states.count == 2 * Self.records)
        #expect(try TemporaryReplicas.states(client, "fr") == states, "seed \(seed), \(finished) attempts finished")
        try await proxy.stop()
        try await server.stop()
    }
}
