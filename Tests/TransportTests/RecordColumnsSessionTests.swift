import Foundation
import Replica
import Store
import Sync
import Testing
import TestSupport
import Transport
import Wire

/// Protocol version 3 over real sockets on 127.0.0.1: two version-3 peers move record batches as
/// `RECORD_COLUMNS` (Protocol.md §10.19), and a version-2 peer on either side gets `RECORD_BATCH` frames and the
/// same records. Every pairing pulls and pushes, and the replicas agree byte for byte.
@Suite struct RecordColumnsSessionTests {
    /// Pulls `fr` from `url` into `replica` with the given versions; the WELCOME and the bytes received.
    static func pull(_ replica: Replica, _ url: RemoteURL, versions: ClosedRange<UInt16>) async throws
        -> (Welcome?, Int)
    {
        var options = SessionOptions()
        options.protocolVersions = versions
        let (welcome, counts) = try await SyncClient.withSession(
            url: url, store: ReplicaRecordStore(replica: replica), token: nil, options: options
        ) { session in
            _ = try await session.pull(dataset: "fr", kind: .election)
            return session.welcome
        }
        return (welcome, counts.bytesReceived)
    }

    /// Edits `count` records of `replica` and pushes them to `url`; the bytes sent.
    static func editAndPush(_ replica: Replica, _ url: RemoteURL, count: Int, versions: ClosedRange<UInt16>)
        async throws -> Int
    {
        try replica.importRecords(
            into: "fr",
            (0..<count).map { index in
                (RecordType.tally, "t-\(index)", [("votes", FieldValue.int(Int64(10_000 + index)))])
            })
        var options = SessionOptions()
        options.protocolVersions = versions
        let (_, counts) = try await SyncClient.withSession(
            url: url, store: ReplicaRecordStore(replica: replica), token: nil, options: options
        ) { session in
            _ = try await session.push(dataset: "fr")
        }
        return counts.bytesSent
    }

    @Test func version3PeersPullInColumnsAndAVersion2ClientGetsTheSameRecordsInRows() async throws {
        let replicas = try TemporaryReplicas()
        let serverReplica = try replicas.make()
        try TemporaryReplicas.seed(serverReplica, count: 3_000)
        let server = try await TestServer.start(replica: serverReplica)
        let new = try replicas.make()
        let old = try replicas.make()

        let (newWelcome, newBytes) = try await Self.pull(new, server.url, versions: ProtocolVersion.supported)
        let (oldWelcome, oldBytes) = try await Self.pull(old, server.url, versions: 1...2)

        #expect(newWelcome?.version == 3)
        #expect(oldWelcome?.version == 2)
        let states = try TemporaryReplicas.states(serverReplica, "fr")
        #expect(states.count == 3_000)
        #expect(try TemporaryReplicas.states(new, "fr") == states)
        #expect(try TemporaryReplicas.states(old, "fr") == states)
        // The columns are what makes the difference on the wire (compressed, both ways).
        #expect(newBytes * 2 < oldBytes, "version 3 received \(newBytes) bytes, version 2 \(oldBytes)")
        try await server.stop()
    }

    @Test func aVersion3ClientPushesInRowsToAVersion2ServerAndInColumnsToAVersion3One() async throws {
        let replicas = try TemporaryReplicas()
        let oldReplica = try replicas.make()
        try TemporaryReplicas.seed(oldReplica, count: 2_000)
        let newReplica = try replicas.make()
        try TemporaryReplicas.seed(newReplica, count: 0)
        let oldServer = try await TestServer.start(replica: oldReplica) { $0.session.protocolVersions = 1...2 }
        let newServer = try await TestServer.start(replica: newReplica)
        let laptop = try replicas.make()
        let (welcome, _) = try await Self.pull(laptop, oldServer.url, versions: ProtocolVersion.supported)
        #expect(welcome?.version == 2)

        let toOld = try await Self.editAndPush(laptop, oldServer.url, count: 1_000, versions: ProtocolVersion.supported)
        // Everything the laptop holds goes to the new server: the 2,000 records, 1,000 of them edited.
        let toNew = try await Self.editAndPush(laptop, newServer.url, count: 1_000, versions: ProtocolVersion.supported)

        let states = try TemporaryReplicas.states(laptop, "fr")
        #expect(try TemporaryReplicas.states(oldReplica, "fr") == states)
        #expect(try TemporaryReplicas.states(newReplica, "fr") == states)
        #expect(try newReplica.record(dataset: "fr", id: "t-999")?.value(of: "votes") == .int(10_999))
        // Twice the records in columns still take fewer bytes than half of them in rows.
        #expect(toNew < toOld, "to the version-3 server \(toNew) bytes, to the version-2 one \(toOld)")
        try await oldServer.stop()
        try await newServer.stop()
    }
}
