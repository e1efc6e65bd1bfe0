import Foundation
import Replica
import Store
import Sync
import TestSupport
import Testing
import Wire

/// The first sync after a pull, and a sync with nothing to do, read no record of the feed (issue 9): what came from
/// the peer is known to be held by it, so the push half jumps over it instead of reading it to leave it out.
@Suite struct FirstSyncTests {
    private static var options: SessionOptions {
        var options = SessionOptions()
        options.batchSize = 50
        return options
    }

    /// `watched` as the client's store, the real one as the server's.
    private static func client(_ watched: WatchedStore) -> @Sendable (any RecordStore, Bool) -> any RecordStore {
        { store, isServer in isServer ? store : watched }
    }

    @Test func theFirstPushAfterAPullReadsNoRecordAndSendsNothing() async throws {
        let fixture = try SyncFixture()
        let (local, server) = (try fixture.replica(), try fixture.replica())
        try SessionTests.seed(server, count: 600)
        let watched = WatchedStore(local)
        let pulled = try await SyncFixture.connect(
            client: local, server: server, wrap: Self.client(watched), options: Self.options
        ) { try await $0.pull(dataset: "fr", kind: .election) }
        #expect(pulled.recordsApplied == 600)
        let pushed = try await SyncFixture.connect(
            client: local, server: server, wrap: Self.client(watched), options: Self.options
        ) { try await $0.push(dataset: "fr") }
        #expect(pushed.recordsSent == 0)
        #expect(pushed.batches == 1)
        #expect(watched.rowsRead == 0)
    }

    @Test func aPullAfterAPushReadsNoRecordOnTheServer() async throws {
        let fixture = try SyncFixture()
        let (local, server) = (try fixture.replica(), try fixture.replica())
        try SessionTests.seed(local, count: 600)
        let watched = WatchedStore(server)
        let serverSide: @Sendable (any RecordStore, Bool) -> any RecordStore = { store, isServer in
            isServer ? watched : store
        }
        let pushed = try await SyncFixture.connect(
            client: local, server: server, wrap: serverSide, options: Self.options
        ) { try await $0.push(dataset: "fr") }
        #expect(pushed.recordsSent == 600)
        let pulled = try await SyncFixture.connect(
            client: local, server: server, wrap: serverSide, options: Self.options
        ) { try await $0.pull(dataset: "fr", kind: .election) }
        #expect(pulled.recordsReceived == 0)
        #expect(watched.rowsRead == 0)
    }

    @Test func aSyncWithNothingToDoReadsNoRecordOnEitherSide() async throws {
        let fixture = try SyncFixture()
        let (local, server) = (try fixture.replica(), try fixture.replica())
        try SessionTests.seed(server, count: 300)
        let (client, served) = (
            WatchedStore(local), WatchedStore(server)
        )
        let both: @Sendable (any RecordStore, Bool) -> any RecordStore = { _, isServer in isServer ? served : client }
        for _ in 0..<3 {
            try await SyncFixture.connect(client: local, server: server, wrap: both, options: Self.options) {
                _ = try await $0.pull(dataset: "fr", kind: .election)
                _ = try await $0.push(dataset: "fr")
            }
        }
        // The first pull reads the server's 300 rows to send them; nothing else reads a row.
        #expect(served.rowsRead == 300)
        #expect(client.rowsRead == 0)
        #expect(try TemporaryReplicas.states(local, "fr") == TemporaryReplicas.states(server, "fr"))
    }

    @Test func aPushAfterAPullSendsTheLocalEditsAndReadsOnlyThem() async throws {
        let fixture = try SyncFixture()
        let (local, server) = (try fixture.replica(), try fixture.replica())
        try SessionTests.seed(server, count: 400)
        let watched = WatchedStore(local)
        try await SyncFixture.connect(client: local, server: server, wrap: Self.client(watched), options: Self.options)
        {
            _ = try await $0.pull(dataset: "fr", kind: .election)
        }
        try local.put(dataset: "fr", type: .tally, id: "t-7", values: [("votes", .int(70_000))])
        try server.put(dataset: "fr", type: .tally, id: "t-8", values: [("votes", .int(80_000))])
        let pushed = try await SyncFixture.connect(
            client: local, server: server, wrap: Self.client(watched), options: Self.options
        ) { session in
            _ = try await session.pull(dataset: "fr", kind: .election)
            return try await session.push(dataset: "fr")
        }
        #expect(pushed.recordsSent == 1)
        #expect(watched.rowsRead == 1)
        #expect(try server.record(dataset: "fr", id: "t-7")?.value(of: "votes") == .int(70_000))
        #expect(try local.record(dataset: "fr", id: "t-8")?.value(of: "votes") == .int(80_000))
    }
}
