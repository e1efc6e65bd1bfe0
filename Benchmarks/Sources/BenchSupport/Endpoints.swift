import Foundation
import Logging
public import Replica
import Store
import Sync
public import Transport
import Wire

/// The server and client ends of a benchmark, as the CLI's `serve` and `pull`/`sync` run them.
public enum Endpoints {
    /// Serves `replica` on 127.0.0.1 (a free port); calls `onListening(port)` once bound. Runs until cancelled.
    public static func serve(_ replica: Replica, onListening: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "tally-bench")
        logger.logLevel = .warning
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        // Every benchmark client comes from 127.0.0.1, where field clients come from addresses of their own: the
        // per-address limit before WELCOME (16 by default) would refuse the load scenario's 100 clients.
        configuration.maxUnauthenticatedPerAddress = configuration.maxUnauthenticated
        // And every client shares this machine's two cores with the server and 99 other clients: a client process
        // that starts with 99 others may take more than the 10 s a field client gets to send its HELLO.
        configuration.handshakeTimeout = 60
        let server = SyncServer(
            configuration: configuration,
            store: ReplicaRecordStore(replica: replica), policy: OpenAccessPolicy(), logger: logger,
            onListening: { _, port in onListening(port) }
        )
        try await server.run()
    }

    /// What one client session moved and how long it took.
    public struct Session: Sendable {
        /// Records received.
        public var received: Int
        /// Records sent.
        public var sent: Int
        /// Bytes read from the socket.
        public var bytesReceived: Int
        /// Bytes written to the socket.
        public var bytesSent: Int
        /// Connect to close, in seconds.
        public var seconds: Double
    }

    /// Connects to `port`, pulls the benchmark dataset (unless `pull` is false) and pushes it when `push`, closes.
    /// `timeouts`: the client's defaults unless a scenario loads the machine so much that a handshake may take
    /// longer.
    public static func session(
        _ replica: Replica, port: Int, pull: Bool = true, push: Bool, timeouts: ClientTimeouts = ClientTimeouts()
    ) async throws -> Session {
        let start = ContinuousClock.now
        let ((received, sent), counts) = try await SyncClient.withSession(
            url: RemoteURL(host: "127.0.0.1", port: port, usesTLS: false),
            store: ReplicaRecordStore(replica: replica), token: nil, timeouts: timeouts
        ) { session in
            var received = 0
            if pull { received = try await session.pull(dataset: TallyRows.dataset, kind: .election).recordsReceived }
            var sent = 0
            if push { sent = try await session.push(dataset: TallyRows.dataset).recordsSent }
            return (received, sent)
        }
        return Session(
            received: received, sent: sent, bytesReceived: counts.bytesReceived, bytesSent: counts.bytesSent,
            seconds: (ContinuousClock.now - start).inSeconds
        )
    }
}
