import NIOCore
import NIOPosix
import NIOSSL
public import Store
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
    ///
    /// Every failure of the connection is thrown as one plain sentence: a `TransportError` (refused, timed out,
    /// not a Tally server, TLS mismatch, untrusted certificate, connection lost) or the `SyncError` the server
    /// sent. Errors `body` throws itself pass through unchanged unless they are connection failures.
    ///
    /// A server that refuses the HELLO as a version-1 server refuses the version-2 layout (`ERROR
    /// protocolViolation`) is connected to once more, offering the versions it can read
    /// (`ClientSession.fallbackVersions`); that session's WELCOME carries no clock, so clocks are not compared.
    public static func withSession<Result: Sendable>(
        url: RemoteURL,
        trust: ClientTrust = .systemDefault,
        store: any RecordStore,
        token: String?,
        options: SessionOptions = SessionOptions(),
        nodeName: String = "tally",
        timeouts: ClientTimeouts = ClientTimeouts(),
        progress: (@Sendable (String, UInt64, UInt64) -> Void)? = nil,
        _ body: (inout ClientSession<FramedChannel>) async throws -> Result
    ) async throws -> (Result, WireCounts) {
        let counter = ByteCounter()
        let watch = ConnectionWatch()
        let tlsRole: ChannelPipelines.TLSRole?
        if url.usesTLS {
            // No SNI for an IP address (RFC 6066 §3): NIOSSL then checks the certificate's IP SAN against the
            // address it connected to.
            let hostname = trust.verifiesHostname && !url.hostIsIPAddress ? url.host : nil
            let context: NIOSSLContext
            do {
                context = try trust.makeContext()
            } catch {
                throw TransportError(.tls, trust.loadFailure)
            }
            tlsRole = .client(context, serverHostname: hostname, pin: trust.pinnedDigest)
        } else {
            tlsRole = nil
        }
        let idleSeconds = Double(timeouts.idle.nanosecondsValue) / 1e9
        let connection: NIOAsyncChannel<WireMessage, OutboundFrame>
        do {
            connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(timeouts.connect.nanosecondsValue))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: url.host, port: url.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try ChannelPipelines.configure(
                            channel, tls: tlsRole, limits: FrameLimits(), idleTimeout: idleSeconds, counter: counter
                        )
                        let operations = channel.pipeline.syncOperations
                        let recorder = ConnectionErrorRecorder(watch: watch)
                        if let tls = try? operations.handler(type: NIOSSLClientHandler.self) {
                            try operations.addHandler(recorder, position: .after(tls))
                        } else {
                            try operations.addHandler(recorder, position: .first)
                        }
                        try operations.addHandler(watch, position: .first)
                        // The idle timer's verdict too: a connection it closes mid-frame then also reports the
                        // truncated frame, and the silence is the cause to tell.
                        let closer = try operations.handler(type: IdleConnectionCloser.self)
                        try operations.addHandler(ConnectionErrorRecorder(watch: watch), position: .after(closer))
                        watch.arm(channel, limit: timeouts.handshake)
                        return try NIOAsyncChannel<WireMessage, OutboundFrame>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw ClientFailure.explain(error, url: url, step: .connect, watch: watch, timeouts: timeouts)
        }
        let result: Result
        do {
            result = try await connection.executeThenClose { inbound, outbound in
                var session = ClientSession(
                    channel: FramedChannel(inbound: inbound, outbound: outbound), store: store, options: options
                )
                session.progress = progress
                do {
                    _ = try await session.handshake(nodeName: nodeName, token: token)
                    watch.handshakeFinished()
                } catch {
                    if let versions = session.fallbackVersions { throw VersionFallback(versions: versions) }
                    if url.usesTLS, trust.pinnedDigest == nil,
                        ClientFailure.chainVerificationFailed(watch.recordedError ?? error)
                    {
                        // Expired, not yet valid, or signed by another CA: a second look at the certificate tells.
                        throw await UntrustedCertificate.explain(url: url, trust: trust, timeout: timeouts.handshake)
                    }
                    throw ClientFailure.explain(
                        error, url: url, step: .handshake, watch: watch, timeouts: timeouts,
                        pinned: trust.pinnedDigest != nil)
                }
                let result: Result
                do {
                    result = try await body(&session)
                } catch {
                    throw ClientFailure.explain(error, url: url, step: .transfer, watch: watch, timeouts: timeouts)
                }
                try? await session.goodbye()
                return result
            }
        } catch let fallback as VersionFallback {
            var narrowed = options
            narrowed.protocolVersions = fallback.versions
            let (result, counts) = try await withSession(
                url: url, trust: trust, store: store, token: token, options: narrowed, nodeName: nodeName,
                timeouts: timeouts, progress: progress, body)
            return (
                result,
                WireCounts(
                    bytesSent: counter.bytesSent + counts.bytesSent,
                    bytesReceived: counter.bytesReceived + counts.bytesReceived)
            )
        }
        return (result, WireCounts(bytesSent: counter.bytesSent, bytesReceived: counter.bytesReceived))
    }

    /// The server refused HELLO as a version-1 server does: connect again offering `versions`.
    private struct VersionFallback: Error {
        var versions: ClosedRange<UInt16>
    }
}
