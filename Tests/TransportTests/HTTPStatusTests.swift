import Foundation
import Logging
import NIOCore
import NIOPosix
import Replica
import Store
import ServiceLifecycle
import Sync
import Testing
import Transport
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP side of the server in process, over real TCP on 127.0.0.1: readiness follows the sync port.
@Suite struct HTTPStatusTests {
    /// `GET url`: its status and body as `STATUS BODY`.
    static func get(_ address: String) async throws -> String {
        let request = URLRequest(url: try #require(URL(string: address)))
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                    continuation.resume(returning: "\(status) " + String(decoding: data ?? Data(), as: UTF8.self))
                }
            }.resume()
        }
    }

    @Test func aPeerIsListedWhileItIsConnectedAndNotAfter() async throws {
        let replicas = try TemporaryReplicas()
        let replica = try replicas.make()
        var logger = Logger(label: "test.http")
        logger.logLevel = .critical
        let (ports, ready) = AsyncStream<Int>.makeStream()
        let server = SyncServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), store: ReplicaRecordStore(replica: replica),
            policy: StoreAccessPolicy(store: ReplicaRecordStore(replica: replica)), logger: logger
        ) { _, port in ready.yield(port) }
        let group = ServiceGroup(services: [server], logger: logger)
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let activity = server.activity
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let local = try #require(channel.channel.localAddress?.port)
        try await channel.executeThenClose { _, outbound in
            try await outbound.write(ByteBuffer(bytes: try RawPeer.helloBytes()))
            var peers: [PeerStatus] = []
            for _ in 0..<100 where peers.isEmpty {
                peers = activity.peers
                if peers.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(peers.count == 1)
            #expect(peers.first?.node == "raw")
            #expect(peers.first?.address == "127.0.0.1:\(local)")
            #expect(peers.first?.site.count == 32)
            #expect(abs(peers.first?.since.timeIntervalSinceNow ?? 99) < 10)
        }
        for _ in 0..<100 where !activity.peers.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        #expect(activity.peers.isEmpty)
        await group.triggerGracefulShutdown()
        try await task.value
    }

    @Test func readyzIs503UntilTheSyncPortListensAndAfterItStops() async throws {
        let replicas = try TemporaryReplicas()
        let replica = try replicas.make()
        var logger = Logger(label: "test.http")
        logger.logLevel = .critical
        let (syncPorts, syncReady) = AsyncStream<Int>.makeStream()
        let server = SyncServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), store: ReplicaRecordStore(replica: replica),
            policy: StoreAccessPolicy(store: ReplicaRecordStore(replica: replica)), logger: logger
        ) { _, port in syncReady.yield(port) }
        let (httpPorts, httpReady) = AsyncStream<Int>.makeStream()
        let http = StatusHTTPServer(
            host: "127.0.0.1", port: 0, requireToken: false,
            source: StatusSource(
                store: ReplicaRecordStore(replica: replica), activity: server.activity, nodeName: "test"),
            renderMetrics: { "" }, logger: logger
        ) { _, port in httpReady.yield(port) }
        let httpGroup = ServiceGroup(services: [http], logger: logger)
        let httpTask = Task { try await httpGroup.run() }
        var httpIterator = httpPorts.makeAsyncIterator()
        let httpPort = try #require(await httpIterator.next())
        let base = "http://127.0.0.1:\(httpPort)"

        // The process is up, the sync port is not listening yet.
        #expect(try await Self.get(base + "/healthz") == "200 ok\n")
        #expect(try await Self.get(base + "/readyz") == "503 not ready\n")

        let syncGroup = ServiceGroup(services: [server], logger: logger)
        let syncTask = Task { try await syncGroup.run() }
        var syncIterator = syncPorts.makeAsyncIterator()
        let syncPort = try #require(await syncIterator.next())
        #expect(try await Self.get(base + "/readyz") == "200 ready\n")
        let status = try await Self.get(base + "/api/status")
        #expect(status.hasPrefix("200 {"))
        #expect(status.contains(#""listening":"127.0.0.1:\#(syncPort)""#))

        await syncGroup.triggerGracefulShutdown()
        try await syncTask.value
        #expect(try await Self.get(base + "/readyz") == "503 not ready\n")
        #expect(try await Self.get(base + "/api/status").contains(#""listening":null"#))
        await httpGroup.triggerGracefulShutdown()
        try await httpTask.value
    }
}
