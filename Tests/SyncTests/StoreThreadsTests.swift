import Foundation
import Replica
import Store
import Sync
import Testing
import Wire

/// Sessions run every store call on the store threads (`StoreThreads`), never on Swift's cooperative pool, and
/// writes on other threads than reads: a slow writer neither starves the connections nor holds up a pull.
@Suite struct StoreThreadsTests {
    @Test func everyStoreCallOfAPushAndAPullRunsOnAStoreThreadOfItsKind() async throws {
        let fixture = try SyncFixture()
        let (a, b, server) = (try fixture.replica(), try fixture.replica(), try fixture.replica())
        try SessionTests.seed(a, count: 120)
        var options = SessionOptions()
        options.batchSize = 25
        let stores = WatchedStore.Registry()
        let wrap: @Sendable (any RecordStore, Bool) -> any RecordStore = { store, _ in stores.watch(store) }
        _ = try await SyncFixture.connect(client: a, server: server, wrap: wrap, options: options) {
            try await $0.push(dataset: "fr")
        }
        let pulled = try await SyncFixture.connect(client: b, server: server, wrap: wrap, options: options) {
            try await $0.pull(dataset: "fr", kind: .election)
        }
        #expect(pulled.recordsApplied == 120)
        let calls = stores.all.flatMap(\.recorded)
        #expect(calls.count > 10)
        let writes: Set = ["applyBatch", "createDataset", "recordDelivered", "recordPeerClock", "authorize"]
        for (call, thread) in calls {
            let lane = writes.contains(call) ? StoreThreads.writerPrefix : StoreThreads.readerPrefix
            #expect(thread.hasPrefix(lane), "\(call) ran on thread \"\(thread)\"")
        }
    }

    @Test func aPullIsServedWhilePushesAreStuckInTheServersStore() async throws {
        let fixture = try SyncFixture()
        let server = try fixture.replica()
        try SessionTests.seed(server, count: 300)
        let watched = WatchedStore(server, holdApplies: true)
        // Two stuck writers: as many as a two-core machine has cooperative threads.
        let pushers = try (0..<2).map { index in
            let replica = try fixture.replica()
            _ = try replica.createDataset(named: "fr", kind: .election)
            try replica.importRecords(
                into: "fr",
                [
                    (
                        RecordType.tally, "p-\(index)",
                        [
                            ("election_id", FieldValue.string("fr-an-2024")), ("round", .int(2)),
                            ("unit_id", .string("FR-P\(index)")), ("selection_id", .string("RN")),
                            ("votes", .int(7)), ("status", .enumeration("unofficial-complete")),
                        ]
                    )
                ])
            return replica
        }
        let pushes = pushers.map { replica in
            Task {
                try await SyncFixture.connect(
                    client: replica, server: server,
                    wrap: { store, isServer in
                        isServer ? watched : store
                    }
                ) { try await $0.push(dataset: "fr") }
            }
        }
        // Generous: under CI every suite starts at once and a handshake can take tens of seconds to be scheduled.
        // The bound only keeps a broken build from hanging; the pushes reach the store as soon as they run.
        let deadline = ContinuousClock.now + .seconds(300)
        while watched.appliesHeld < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(watched.appliesHeld == 2)

        let puller = try fixture.replica()
        let pulled = try await SyncFixture.connect(
            client: puller, server: server,
            wrap: { store, isServer in
                isServer ? watched : store
            }
        ) { try await $0.pull(dataset: "fr", kind: .election) }
        #expect(pulled.recordsApplied == 300)
        #expect(watched.appliesHeld == 2, "the pushes were still waiting while the pull ran")

        watched.releaseApplies()
        for push in pushes { #expect(try await push.value.recordsSent == 1) }
        #expect(try server.dataset(named: "fr")?.recordCount == 302)
    }
}
