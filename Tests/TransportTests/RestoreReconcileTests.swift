import Foundation
import Replica
import Store
import Sync
import Testing
import Transport
import Wire
import TestSupport

/// A server restored from an older copy of its SQLite file: clients reconcile and nothing is lost or duplicated.
@Suite struct RestoreReconcileTests {
    @Test func aServerRestoredFromAnOlderFileIsRepairedByTheNextClientSync() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        let serverDirectory = serverReplica.directory
        var server = try await TestServer.start(replica: serverReplica)
        let client = try replicas.make()
        try TemporaryReplicas.seed(client, count: 400)
        _ = try await EndToEndTests.sync(client, server.url)

        // A backup of the server's files, taken while it is idle.
        let backup = replicas.root.appendingPathComponent("backup")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: serverDirectory).appendingPathComponent(Replica.folderName),
            to: backup
        )

        // Work after the backup: new records, an edit and a delete, all synced to the server.
        try client.importRecords(
            into: "fr",
            (400..<450).map { index in
                (
                    RecordType.tally, "t-\(index)",
                    [
                        ("election_id", FieldValue.string("fr-an-2024")), ("round", .int(2)),
                        ("unit_id", .string("FR-\(index)")), ("selection_id", .string("RN")),
                        ("votes", .int(Int64(index))), ("status", .enumeration("unofficial-complete")),
                    ]
                )
            }
        )
        try client.put(dataset: "fr", type: .tally, id: "t-1", values: [("votes", .int(1_001))])
        try client.delete(dataset: "fr", id: "t-2")
        _ = try await EndToEndTests.sync(client, server.url)
        // A second sync moves the client's pull cursor past the records it pushed (their feed positions).
        _ = try await EndToEndTests.sync(client, server.url)
        try await server.stop()

        // The server's disk dies; it comes back from the backup (its feed is behind the client's cursor).
        let restoredDirectory = replicas.root.appendingPathComponent("restored")
        try FileManager.default.createDirectory(at: restoredDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: backup, to: restoredDirectory.appendingPathComponent(Replica.folderName))
        let restored = try Replica.open(at: restoredDirectory.path)
        #expect(try restored.dataset(named: "fr")?.recordCount == 400)
        server = try await TestServer.start(replica: restored)

        let (pulled, pushed) = try await EndToEndTests.sync(client, server.url)
        #expect(pulled.reconcileRounds >= 1)
        #expect(pulled.recordsApplied == 0)
        #expect(pulled.recordsSent + pushed.recordsSent >= 52)
        let expected = try TemporaryReplicas.states(client, "fr")
        #expect(expected.count == 450)
        #expect(try TemporaryReplicas.states(restored, "fr") == expected)
        #expect(try restored.dataset(named: "fr")?.recordCount == 449)
        #expect(try restored.record(dataset: "fr", id: "t-2")?.isDeleted == true)

        // A fresh replica pulls exactly the 450 records; a second sync of the client moves nothing.
        let fresh = try replicas.make()
        let first = try await EndToEndTests.sync(fresh, server.url)
        #expect(first.pulled.recordsReceived == 450)
        #expect(try TemporaryReplicas.states(fresh, "fr") == expected)
        let again = try await EndToEndTests.sync(client, server.url)
        #expect(again.pulled.recordsReceived == 0 && again.pulled.reconcileRounds == 0)
        #expect(again.pushed.recordsSent == 0)
        try await server.stop()
    }
}
