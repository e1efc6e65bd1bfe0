import Foundation
import Replica
import Store
import Sync
import Testing
import Transport
import Wire
import TestSupport

/// Protocol.md §5.1 over real sockets on 127.0.0.1: the server measures each peer's clock at its HELLO, shows it
/// in its status, and refuses a peer years off with one plain line.
@Suite struct ClockSkewEndToEndTests {
    static let hour: UInt64 = 3_600_000

    /// A server on `serverClock`, with sessions that use its replica's clock and limit.
    static func server(_ replicas: TemporaryReplicas, clock: WallClock) async throws -> TestServer {
        let replica = try Replica.create(
            at: replicas.root.appendingPathComponent("server").path, options: ReplicaOptions(wallClock: clock))
        try TemporaryReplicas.seed(replica, count: 4)
        return try await TestServer.start(replica: replica) {
            $0.session = $0.session.clocks(of: ReplicaRecordStore(replica: replica))
        }
    }

    static func laptop(_ replicas: TemporaryReplicas, _ name: String, clock: WallClock) throws -> Replica {
        try Replica.create(
            at: replicas.root.appendingPathComponent(name).path, options: ReplicaOptions(wallClock: clock))
    }

    @Test func theServerStatusShowsHowFarEachConnectedPeersClockIs() async throws {
        let replicas = try TemporaryReplicas()
        let now = WallClock.system.milliseconds()
        let server = try await Self.server(replicas, clock: WallClock { now })
        let behind = try Self.laptop(replicas, "behind", clock: WallClock { now - Self.hour })
        let (peers, _) = try await SyncClient.withSession(
            url: server.url, store: ReplicaRecordStore(replica: behind), token: nil,
            options: SessionOptions().clocks(of: ReplicaRecordStore(replica: behind))
        ) { session in
            _ = try await session.pull(dataset: "fr", kind: .election)
            return server.activity.peers
        }
        #expect(peers.count == 1)
        #expect(peers.first?.clockSkewMilliseconds == -3_600_000)
        let json = String(decoding: try JSONEncoder().encode(peers), as: UTF8.self)
        #expect(json.contains("\"clock_skew_ms\":-3600000"), "\(json)")
        // The laptop remembers the server's clock for `tally status`, and the pull went through.
        #expect(try behind.peerClocks().first?.skew == 3_600_000)
        #expect(try behind.peerClocks().first?.peer == server.replica.siteID)
        #expect(try TemporaryReplicas.states(behind, "fr").count == 4)
        try await server.stop()
    }

    @Test func aPeerYearsOffIsRefusedAtTheHandshakeWithOnePlainLine() async throws {
        let replicas = try TemporaryReplicas()
        let now = WallClock.system.milliseconds()
        let server = try await Self.server(replicas, clock: WallClock { now })
        let ahead = try Self.laptop(replicas, "ahead", clock: WallClock { now + 2 * 365 * 86_400_000 })
        let refused = await #expect(throws: SyncError.self) {
            _ = try await SyncClient.withSession(
                url: server.url, store: ReplicaRecordStore(replica: ahead), token: nil,
                options: SessionOptions().clocks(of: ReplicaRecordStore(replica: ahead))
            ) { session in try await session.listDatasets() }
        }
        #expect(refused?.code == .clockSkew)
        #expect(refused?.retryable == false)
        #expect(
            refused?.message.hasPrefix("this machine's clock is 730 days ahead of the server's (limit 7 days;") == true)
        #expect(refused?.message.hasSuffix("set the clock that is wrong and retry") == true)
        #expect(!(refused?.message.contains("\n") ?? true))
        #expect(try ahead.datasets().isEmpty)
        try await server.stop()
    }
}
