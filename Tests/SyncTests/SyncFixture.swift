import Foundation
import Replica
import Store
import Sync
import TestSupport
import Wire

/// Temporary real replicas (SQLite files) for machine-against-machine tests.
final class SyncFixture: Sendable {
    let replicas: TemporaryReplicas

    init() throws {
        replicas = try TemporaryReplicas(prefix: "tally-sync")
    }

    func replica(options: ReplicaOptions = ReplicaOptions()) throws -> Replica {
        try replicas.make(options: options)
    }

    /// Runs one client connection against a server session over an in-memory pipe. Each side uses `options` with
    /// the wall clock and maximum clock skew its replica was opened with; `wrap` lets a test put its own store around
    /// each end's (`isServer` says which end).
    static func connect<T: Sendable>(
        client: Replica,
        server: Replica,
        wrap: @Sendable (any RecordStore, _ isServer: Bool) -> any RecordStore = { store, _ in store },
        policy: any AccessPolicy = OpenAccessPolicy(),
        token: String? = nil,
        options: SessionOptions = SessionOptions(),
        cutClientAfterSends: Int? = nil,
        _ body: @Sendable (inout ClientSession<InMemoryChannel>) async throws -> T
    ) async throws -> T {
        var (clientEnd, serverEnd) = InMemoryChannel.pair()
        clientEnd.failAfterSends = cutClientAfterSends
        let serverStore = wrap(ReplicaRecordStore(replica: server), true)
        let serverTask = Task {
            var session = ServerSession(
                channel: serverEnd, store: serverStore, policy: policy,
                options: options.clocks(of: ReplicaRecordStore(replica: server)),
                nodeName: "server")
            defer { serverEnd.close() }
            try? await session.run()
        }
        defer { clientEnd.close() }
        var session = ClientSession(
            channel: clientEnd, store: wrap(ReplicaRecordStore(replica: client), false),
            options: options.clocks(of: ReplicaRecordStore(replica: client)))
        do {
            _ = try await session.handshake(nodeName: "client", token: token)
            let result = try await body(&session)
            try await session.goodbye()
            clientEnd.close()
            await serverTask.value
            return result
        } catch {
            clientEnd.close()
            await serverTask.value
            throw error
        }
    }
}
