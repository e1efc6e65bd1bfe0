import NIOCore
import NIOPosix
import Synchronization
import Testing
import Transport
import TestSupport

@Suite struct ServerShutdownTests {
    /// Connections accepted while the server stops must each be closed by the server, never dropped: a dropped
    /// connection traps the whole process ("Deinited NIOAsyncWriter without calling finish()") or is left open
    /// with nobody serving it. Many connections are opened in a tight loop while the server
    /// shuts down, for several rounds; each must end, and the server must stop by itself (`stop()` returns).
    @Test(.timeLimit(.minutes(1)))
    func connectionsArrivingDuringShutdownAreAllClosedAndTheServerStops() async throws {
        let replicas = try TemporaryReplicas()
        let replica = try replicas.make()
        for round in 0..<12 {
            let server = try await TestServer.start(replica: replica) { $0.shutdownGrace = 0.2 }
            let flood = ConnectionFlood(port: server.port)
            let opening = Task { await flood.run() }
            // Stop once the flood is in full swing, so connections are being accepted as the accept loop ends.
            while flood.connected < 20 { try await Task.sleep(for: .milliseconds(1)) }
            try await server.stop()
            flood.stop()
            await opening.value
            let open = await flood.connectionsStillOpen(after: .seconds(30))
            #expect(
                open == 0,
                "round \(round): \(open) of \(flood.connected) connections left open after the server stopped")
        }
    }
}

/// Opens plain TCP connections to a port, 16 at a time, as fast as it can until told to stop; keeps every one it
/// got so a test can check that the server closed them all.
private final class ConnectionFlood: Sendable {
    private let port: Int
    private let state = Mutex((stopped: false, channels: [any Channel]()))

    init(port: Int) { self.port = port }

    var connected: Int { state.withLock { $0.channels.count } }

    func stop() { state.withLock { $0.stopped = true } }

    func run() async {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(.seconds(2))
        while !state.withLock({ $0.stopped }) {
            let attempts = (0..<16).map { _ in bootstrap.connect(host: "127.0.0.1", port: port) }
            for attempt in attempts {
                // Refused once the server stops listening: expected.
                guard let channel = try? await attempt.get() else { continue }
                // Once the port is free, Linux may connect a socket to itself (source port = that port): no server.
                if channel.localAddress == channel.remoteAddress {
                    try? await channel.close()
                    continue
                }
                state.withLock { $0.channels.append(channel) }
            }
        }
    }

    /// How many connections the server has not closed within `limit`; closes those itself.
    func connectionsStillOpen(after limit: Duration) async -> Int {
        let channels = state.withLock { $0.channels }
        let deadline = ContinuousClock.now + limit
        var open = 0
        for channel in channels {
            while channel.isActive && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if channel.isActive {
                open += 1
                try? await channel.close()
            }
        }
        return open
    }
}
