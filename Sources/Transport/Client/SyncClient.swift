import NIOCore
import NIOPosix
import NIOSSL
public import Sync
import Wire

/// Connects to a Tally server and runs a client session over the connection.
public enum SyncClient {
    /// What a finished connection moved on the wire.
    public struct WireCounts: Sendable {
        /// Bytes written to the socket.
        public var bytesSent: Int
        /// Bytes read from the socket.
        public var bytesReceived: Int
    }

    /// Connects to `url`, exchanges preambles, says HELLO, runs `body` with the session, says GOODBYE and closes.
    public static func withSession<Result: Sendable>(
        url: RemoteURL,
        trust: ClientTrust = .systemDefault,
        store: any SyncStore,
        token: String?,
        options: SessionOptions = SessionOptions(),
        nodeName: String = "tally",
        idleTimeout: Double = 120,
        progress: (@Sendable (String, UInt64, UInt64) -> Void)? = nil,
        _ body: (inout ClientSession<FramedChannel>) async throws -> Result
    ) async throws -> (Result, WireCounts) {
        let counter = ByteCounter()
        let tlsRole: ChannelPipelines.TLSRole?
        if url.usesTLS {
            tlsRole = .client(
                try trust.makeContext(), serverHostname: trust.verifiesHostname ? url.host : nil,
                pin: trust.pinnedDigest
            )
        } else {
            tlsRole = nil
        }
        let connection: NIOAsyncChannel<WireMessage, WireMessage>
        do {
            connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: url.host, port: url.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try ChannelPipelines.configure(
                            channel, tls: tlsRole, limits: FrameLimits(), idleTimeout: idleTimeout, counter: counter
                        )
                        return try NIOAsyncChannel<WireMessage, WireMessage>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw TransportError(.connectionFailed, "cannot connect to \(url): \(error)")
        }
        let result = try await connection.executeThenClose { inbound, outbound in
            var session = ClientSession(
                channel: FramedChannel(inbound: inbound, outbound: outbound), store: store, options: options
            )
            session.progress = progress
            _ = try await session.handshake(nodeName: nodeName, token: token)
            let result = try await body(&session)
            try? await session.goodbye()
            return result
        }
        return (result, WireCounts(bytesSent: counter.bytesSent, bytesReceived: counter.bytesReceived))
    }
}
