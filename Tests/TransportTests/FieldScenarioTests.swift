import Foundation
import Replica
import Store
import Sync
import TestSupport
import Testing
import Transport
import Wire

/// The field workflow end to end: three observers' laptops edit offline (the same tally record included),
/// swap bundles on a USB stick in a random order (some twice), then reach the server. Everyone converges,
/// conflicts read the same everywhere, and nothing anyone typed is lost.
@Suite struct FieldScenarioTests {
    static func sync(_ replica: Replica, with server: TestServer) async throws {
        _ = try await SyncClient.withSession(url: server.url, store: ReplicaRecordStore(replica: replica), token: nil) {
            session in
            _ = try await session.pull(dataset: "fr", kind: .election)
            _ = try await session.push(dataset: "fr")
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func threeLaptopsExchangeBundlesThenSync(seed: UInt64) async throws {
        var generator = SeededGenerator(seed: seed)
        let replicas = try TemporaryReplicas()
        let hub = try replicas.make()
        try TemporaryReplicas.seed(hub, count: 20)
        let server = try await TestServer.start(replica: hub)
        let laptops = try (0..<3).map { _ in try replicas.make() }
        for laptop in laptops { try await FieldScenarioTests.sync(laptop, with: server) }

        // Offline: everyone corrects the same tally, and each does work of their own.
        var typed: [(id: String, field: String, value: FieldValue)] = []
        for (index, laptop) in laptops.enumerated() {
            let votes = FieldValue.int(1_000 + Int64(index))
            try laptop.put(dataset: "fr", type: .tally, id: "t-0", values: [("votes", votes)])
            typed.append(("t-0", "votes", votes))
            let observer = FieldValue.string("observer-\(index)")
            try laptop.put(dataset: "fr", type: .tally, id: "t-\(index + 1)", values: [("observer", observer)])
            typed.append(("t-\(index + 1)", "observer", observer))
            try laptop.put(
                dataset: "fr", type: .unit, id: "ps-\(index)",
                values: [
                    ("name", .string("Bureau \(index)")), ("level", .enumeration("polling_station")),
                ])
            typed.append(("ps-\(index)", "name", .string("Bureau \(index)")))
        }
        try laptops[2].delete(dataset: "fr", id: "t-9")
        // The server gets an edit of its own meanwhile.
        try hub.put(dataset: "fr", type: .tally, id: "t-0", values: [("status", .enumeration("certified"))])
        typed.append(("t-0", "status", .enumeration("certified")))

        // Bundles, applied in a random order, some twice; a later round after the first exchanges.
        var deliveries: [(from: Int, to: Int, file: String)] = []
        for round in 0..<2 {
            for from in 0..<3 {
                let file = replicas.root.appendingPathComponent("r\(round)-\(from).bundle").path
                try await BundleWriter(store: ReplicaRecordStore(replica: laptops[from])).write(to: file)
                for to in 0..<3 where to != from { deliveries.append((from, to, file)) }
            }
            deliveries.shuffle(using: &generator)
            deliveries += deliveries.prefix(3)
            for delivery in deliveries {
                try await BundleApplier(store: ReplicaRecordStore(replica: laptops[delivery.to])).apply(
                    path: delivery.file)
            }
            deliveries.removeAll()
        }
        let offline = try laptops.map { try TemporaryReplicas.states($0, "fr") }
        #expect(offline[0] == offline[1] && offline[1] == offline[2], "bundles alone make the laptops agree")

        // Back online: one syncs with the server, then the others, then the first again.
        try await FieldScenarioTests.sync(laptops[0], with: server)
        try await FieldScenarioTests.sync(laptops[1], with: server)
        try await FieldScenarioTests.sync(laptops[2], with: server)
        try await FieldScenarioTests.sync(laptops[0], with: server)
        try await FieldScenarioTests.sync(laptops[1], with: server)
        try await server.stop()

        let expected = try TemporaryReplicas.states(hub, "fr")
        for laptop in laptops { #expect(try TemporaryReplicas.states(laptop, "fr") == expected) }
        let conflicts = try hub.conflicts(dataset: "fr")
        for laptop in laptops { #expect(try laptop.conflicts(dataset: "fr") == conflicts) }
        let votes = try #require(conflicts.first { $0.id == "t-0" && $0.field == "votes" })
        #expect(Set([votes.winner] + votes.losers) == Set((0..<3).map { FieldValue.int(1_000 + Int64($0)) }))

        // Nothing typed is lost: each value is the current one or kept as a conflicting one.
        for entry in typed {
            let record = try #require(try hub.record(dataset: "fr", id: entry.id))
            let field = try #require(record.fields.first { $0.name == entry.field })
            #expect(field.writes.contains { $0.value == entry.value }, "\(entry.id).\(entry.field) lost")
        }
        #expect(try hub.record(dataset: "fr", id: "t-9")?.isDeleted == true)
    }
}
