import Foundation
import Logging
public import Replica
import Sync
import Transport
import Wire

/// The server and client ends of a benchmark, as the CLI's `serve` and `pull`/`sync` run them.
public enum Endpoints {
    /// Serves `replica` on 127.0.0.1 (a free port); calls `onListening(port)` once bound. Runs until cancelled.
    public static func serve(_ replica: Replica, onListening: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "tally-bench")
        logger.logLevel = .warning
        let server = SyncServer(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0),
            store: ReplicaSyncStore(replica: replica), policy: OpenAccessPolicy(), logger: logger,
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

    /// Connects to `port`, pulls the benchmark dataset (and pushes it back when `push`), closes.
    public static func session(_ replica: Replica, port: Int, push: Bool) async throws -> Session {
        let start = ContinuousClock.now
        let ((received, sent), counts) = try await SyncClient.withSession(
            url: RemoteURL(host: "127.0.0.1", port: port, usesTLS: false),
            store: ReplicaSyncStore(replica: replica), token: nil
        ) { session in
            let pulled = try await session.pull(dataset: TallyRows.dataset, kind: .election)
            var sent = 0
            if push { sent = try await session.push(dataset: TallyRows.dataset).recordsSent }
            return (pulled.recordsReceived, sent)
        }
        return Session(
            received: received, sent: sent, bytesReceived: counts.bytesReceived, bytesSent: counts.bytesSent,
            seconds: (ContinuousClock.now - start).inSeconds
        )
    }
}
