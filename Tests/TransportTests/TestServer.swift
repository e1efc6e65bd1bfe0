import TestSupport
import Foundation
import Logging
import Replica
import Store
import ServiceLifecycle
import Sync
import Transport
import Wire

/// A real `SyncServer` on 127.0.0.1 with a free port, over a temporary replica; stopped with `stop()`.
final class TestServer: Sendable {
    let replica: Replica
    let port: Int
    let url: RemoteURL
    /// The server itself, for what it counts (`connectionsServed`, `bufferedFrameBytes`).
    let syncServer: SyncServer
    /// What the server is doing (its peers, transfers), as its status page shows it.
    var activity: ServerActivity { syncServer.activity }
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static func start(
        replica: Replica,
        policy: (any AccessPolicy)? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.shutdownGrace = 2
        configure(&configuration)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test.server")
        logger.logLevel = .critical
        let server = SyncServer(
            configuration: configuration, store: ReplicaRecordStore(replica: replica),
            policy: policy ?? StoreAccessPolicy(store: ReplicaRecordStore(replica: replica)), logger: logger
        ) { _, port in
            continuation.yield(port)
            continuation.finish()
        }
        let group = ServiceGroup(services: [server], logger: logger)
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestServer(replica: replica, port: port, syncServer: server, group: group, task: task)
    }

    private init(
        replica: Replica, port: Int, syncServer: SyncServer, group: ServiceGroup, task: Task<Void, any Error>
    ) {
        self.replica = replica
        self.port = port
        self.syncServer = syncServer
        self.url = RemoteURL(host: "127.0.0.1", port: port, usesTLS: false)
        self.group = group
        self.task = task
    }

    /// Graceful shutdown, as on SIGTERM; returns when the server has stopped.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
