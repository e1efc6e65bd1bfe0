import Replica
import Store
import Synchronization
import Sync
import TestSupport
import Testing
import Wire

/// Protocol.md §5.1 end to end over the in-memory channel, with real SQLite replicas on injected wall clocks:
/// a server on the right time, and laptops whose clocks are right, an hour behind, a day ahead, or far off.
@Suite struct ClockSkewSessionTests {
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// Real time, shared: each replica reads it through its own fixed offset.
    final class TrueTime: Sendable {
        let now = Mutex<UInt64>(1_800_000_000_000)  // 2027-01-15 08:00 UTC
        func wallClock(offset: Int64) -> WallClock {
            WallClock { [self] in UInt64(Int64(now.withLock { $0 }) + offset) }
        }
        func advance(minutes: UInt64) { now.withLock { $0 += minutes * 60_000 } }
    }

    /// Pulls then pushes every dataset of `client` and of the server.
    static func sync(_ client: Replica, _ server: Replica) async throws {
        _ = try await SyncFixture.connect(client: client, server: server) { session in
            for entry in try await session.listDatasets() {
                _ = try await session.pull(dataset: entry.name, kind: entry.kind)
            }
            for dataset in try client.datasets() { _ = try await session.push(dataset: dataset.name) }
            return 0
        }
    }

    static func votes(_ replica: Replica, _ id: String) throws -> FieldValue? {
        try replica.record(dataset: "fr", id: id)?.value(of: "votes")
    }

    @Test func threeLaptopsRightAnHourBehindAndADayAheadConvergeAndTheirCausalEditsWin() async throws {
        let fixture = try SyncFixture()
        let time = TrueTime()
        let replica = { (offset: Int64) in
            try fixture.replica(options: ReplicaOptions(wallClock: time.wallClock(offset: offset)))
        }
        let server = try replica(0)
        let (right, behind, ahead) = (try replica(0), try replica(-Self.hour), try replica(Self.day))

        // The laptop a day ahead creates the data; its writes are dated tomorrow and still sync.
        try SessionTests.seed(ahead, count: 6)
        try await Self.sync(ahead, server)
        time.advance(minutes: 5)
        // The laptop an hour behind pulls them (25 hours "in the future" for its clock), then edits t-1: its edit
        // is causally later, so it must win although its wall clock is 25 hours behind the write it replaces.
        try await Self.sync(behind, server)
        try behind.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(1_001))])
        try await Self.sync(behind, server)
        time.advance(minutes: 5)
        // The right laptop pulls, sees the behind laptop's edit as the value, and edits t-2 after it.
        try await Self.sync(right, server)
        #expect(try Self.votes(right, "t-1") == .int(1_001))
        try right.put(dataset: "fr", type: .tally, id: "t-2", values: [("votes", .int(2_002))])
        try await Self.sync(right, server)
        time.advance(minutes: 5)
        // The day-ahead laptop edits t-1 again after pulling the hour-behind edit: it wins too.
        try await Self.sync(ahead, server)
        #expect(try Self.votes(ahead, "t-1") == .int(1_001))
        try ahead.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(1_003))])
        for laptop in [ahead, right, behind, ahead] { try await Self.sync(laptop, server) }

        let reference = try TemporaryReplicas.states(server, "fr")
        #expect(reference.count == 6)
        for laptop in [right, behind, ahead] {
            #expect(try TemporaryReplicas.states(laptop, "fr") == reference)
            #expect(try laptop.conflicts(dataset: "fr").isEmpty)
            #expect(try Self.votes(laptop, "t-1") == .int(1_003))
            #expect(try Self.votes(laptop, "t-2") == .int(2_002))
        }
        // Each side measured the other at every handshake: the server saw the behind laptop an hour behind.
        let measured = try #require(try server.peerClocks().first { $0.peer == behind.siteID })
        #expect(measured.skew == -Self.hour)
        #expect(try behind.peerClocks().first?.skew == Self.hour)
        #expect(try ahead.peerClocks().first?.skew == -Self.day)
    }

    @Test func aLaptopYearsOffIsRefusedAtTheHandshakeAndChangesNothing() async throws {
        let fixture = try SyncFixture()
        let time = TrueTime()
        let server = try fixture.replica(options: ReplicaOptions(wallClock: time.wallClock(offset: 0)))
        try SessionTests.seed(server, count: 3)
        let late = try fixture.replica(options: ReplicaOptions(wallClock: time.wallClock(offset: -412 * Self.day)))
        let refused = await #expect(throws: SyncError.self) { try await Self.sync(late, server) }
        #expect(refused?.code == .clockSkew)
        #expect(refused?.retryable == false)
        #expect(
            refused?.message
                == "this machine's clock is 412 days behind the server's (limit 7 days; this machine: 2025-11-29 "
                + "08:00 UTC, the server: 2027-01-15 08:00 UTC): set the clock that is wrong and retry")
        #expect(try late.datasets().isEmpty)
        // The server remembers what it saw (for its status), the accepted or refused alike.
        #expect(try server.peerClocks().first?.skew == -412 * Self.day)
        // A replica years ahead is refused the same way, naming the other direction.
        let early = try fixture.replica(options: ReplicaOptions(wallClock: time.wallClock(offset: 3 * 365 * Self.day)))
        let ahead = await #expect(throws: SyncError.self) { try await Self.sync(early, server) }
        #expect(
            ahead?.message.hasPrefix("this machine's clock is 1095 days ahead of the server's (limit 7 days;") == true)
    }

    @Test func aClientRefusesAWelcomeTooFarOffAndThenRefusesItsOwnLocalWrites() async throws {
        let fixture = try SyncFixture()
        let time = TrueTime()
        // The server allows 1,000 days; the laptop keeps the default 7 and is 400 days ahead.
        let server = try fixture.replica(
            options: ReplicaOptions(wallClock: time.wallClock(offset: 0), maxDrift: 1_000 * UInt64(Self.day)))
        try SessionTests.seed(server, count: 3)
        let laptop = try fixture.replica(options: ReplicaOptions(wallClock: time.wallClock(offset: 400 * Self.day)))
        let refused = await #expect(throws: SyncError.self) { try await Self.sync(laptop, server) }
        #expect(refused?.code == .clockSkew)
        #expect(refused?.message.hasPrefix("this machine's clock is 400 days ahead of the server's") == true)
        #expect(try laptop.datasets().isEmpty)
        // The measurement stays: until the clock is set back, the laptop refuses to write with it.
        _ = try laptop.createDataset(named: "fr", kind: .election)
        let local = #expect(throws: ReplicaError.self) {
            try laptop.put(dataset: "fr", type: .tally, id: "t-0", values: [("votes", .int(1))])
        }
        #expect(local?.code == .clockImplausible)
        #expect(local?.message.hasPrefix("this machine's clock was 400 days ahead of replica ") == true)
    }

    @Test func aVersionOnePeerSendsNoClockAndIsNeitherMeasuredNorRefused() async throws {
        let fixture = try SyncFixture()
        let time = TrueTime()
        let server = try fixture.replica(options: ReplicaOptions(wallClock: time.wallClock(offset: 0)))
        let (clientEnd, serverEnd) = InMemoryChannel.pair()
        let serverTask = Task {
            var session = ServerSession(
                channel: serverEnd, store: ReplicaRecordStore(replica: server), policy: OpenAccessPolicy(),
                options: SessionOptions().clocks(of: ReplicaRecordStore(replica: server)), nodeName: "server")
            try? await session.run()
            serverEnd.close()
        }
        var end = clientEnd
        try await end.send(
            .hello(
                Hello(
                    minVersion: 1, maxVersion: 1, siteID: .random(), nodeName: "old", capabilities: .defaults,
                    token: nil)))
        guard case .welcome(let welcome)? = try await end.receive() else {
            Issue.record("no WELCOME")
            return
        }
        #expect(welcome.version == 1)
        #expect(welcome.wallClock == nil)
        try await end.send(.goodbye(Goodbye(reason: "done")))
        end.close()
        await serverTask.value
        #expect(try server.peerClocks().isEmpty)
    }
}
