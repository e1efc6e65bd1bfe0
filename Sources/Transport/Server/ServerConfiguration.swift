public import Sync
public import Wire
public import NIOSSL

/// How `tally serve` listens and what it allows. Every limit has a default and a flag.
public struct ServerConfiguration: Sendable {
    /// Address to bind; port 0 picks a free one.
    public var host: String
    /// Port to bind.
    public var port: Int
    /// TLS, when serving `tallys://`.
    public var tls: NIOSSLContext?
    /// Most connections served at once, authenticated or not; more are told `busy` and closed.
    public var maxConnections: Int = 1_280
    /// Most connections at once that have not been sent WELCOME yet (the rest of `maxConnections` is kept for
    /// authenticated peers); more are told `busy` and closed.
    public var maxUnauthenticated: Int = 256
    /// Most connections at once from one source address that have not been sent WELCOME yet.
    public var maxUnauthenticatedPerAddress: Int = 16
    /// Frame and decompressed-size limits (after WELCOME; before it, `FrameLimits.handshakeSize`).
    public var frameLimits: FrameLimits = FrameLimits()
    /// Bytes of incoming frames all connections may hold at once; a frame that does not fit is told `busy`.
    public var maxBufferedBytes: Int = 256 << 20
    /// Seconds a new connection has to send its preamble and HELLO.
    public var handshakeTimeout: Double = 10
    /// Bytes per second a peer must send into a frame in flight, measured over `transferRateWindow`; 0 turns the
    /// check off. Slower is told `timeout` and closed.
    public var minimumTransferRate: Int = 1_024
    /// Seconds over which `minimumTransferRate` is measured.
    public var transferRateWindow: Double = 10
    /// Seconds a connection may send nothing before it is closed.
    public var idleTimeout: Double = 120
    /// Seconds in-flight sessions get to finish after SIGTERM before their connections are closed.
    public var shutdownGrace: Double = 10
    /// Seconds a connection this server closes keeps reading (and discarding) what the client still sends, so the
    /// client reads the last ERROR before the socket is reset (Protocol.md §8).
    public var closeLinger: Double = 2
    /// How the process asks glibc's allocator to give memory back, applied when the server starts
    /// (docs/operations.md, "Memory").
    public var malloc: MallocTuning = .server
    /// Batch size, window and batch limit of sessions.
    public var session: SessionOptions = SessionOptions()
    /// Human name of this node, sent in WELCOME.
    public var nodeName: String = "tally"

    /// What the server offers in WELCOME: the session's capabilities with the frame limits it enforces.
    public var capabilities: Capabilities {
        var capabilities = session.capabilities
        capabilities.maxFrameSize = frameLimits.maxFrameSize
        capabilities.maxDecompressedSize = frameLimits.maxDecompressedSize
        return capabilities
    }

    /// Makes a configuration for `host:port` with every other setting at its default.
    public init(host: String, port: Int, tls: NIOSSLContext? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }
}
