public import Logging
import CoreMetrics
import NIOCore
import NIOPosix
import NIOSSL
public import ServiceLifecycle
import Synchronization
public import Store
public import Sync
import Wire

/// The Tally server: accepts connections, runs one `ServerSession` per connection against the replica.
///
/// It is a swift-service-lifecycle `Service`: on graceful shutdown it stops accepting, lets sessions finish the
/// message they are on (a push batch is committed whole or not at all), tells idle clients GOODBYE, and closes
/// what is left after `shutdownGrace` seconds.
public final class SyncServer: Service, Sendable {
    private let configuration: ServerConfiguration
    private let store: any RecordStore
    private let policy: any AccessPolicy
    private let logger: Logger
    private let group: any EventLoopGroup
    private let state = Mutex(State())
    private let boundAddress = Mutex<SocketAddress?>(nil)
    private let onListening: @Sendable (String, Int) -> Void
    /// Who may connect now: the connection limits, overall, before WELCOME, and per address.
    private let admission: ConnectionAdmission
    /// The incoming frame bytes all connections may hold at once.
    private let budget: FrameMemoryBudget
    /// What the server is doing now (peers, recent transfers, listening), for the HTTP side. Made with the server:
    /// bootstrap the metrics system before making a server.
    public let activity: ServerActivity

    private struct State {
        var shuttingDown = false
        var connections: [ObjectIdentifier: any Channel] = [:]
        var served = 0
    }

    /// Makes a server. `onListening(host, port)` is called once the socket is bound.
    public init(
        configuration: ServerConfiguration,
        store: any RecordStore,
        policy: any AccessPolicy,
        logger: Logger,
        onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.store = store
        self.policy = policy
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup.singleton
        self.onListening = onListening
        self.activity = ServerActivity()
        self.admission = ConnectionAdmission(
            maxConnections: configuration.maxConnections, maxUnauthenticated: configuration.maxUnauthenticated,
            maxUnauthenticatedPerAddress: configuration.maxUnauthenticatedPerAddress
        )
        self.budget = FrameMemoryBudget(limit: configuration.maxBufferedBytes)
    }

    /// Connections admitted and not yet ended.
    public var connectionsOpen: Int { admission.connections }

    /// Incoming frame bytes the connections hold now (reserved from `--max-buffered-bytes`).
    public var bufferedFrameBytes: Int { budget.bytesReserved }

    private var metrics: ServerMetrics { activity.metrics }

    /// Connections served since start.
    public var connectionsServed: Int { state.withLock { $0.served } }

    /// Listens and serves until graceful shutdown, then lets sessions finish their batch and closes.
    public func run() async throws {
        let configuration = self.configuration
        configuration.malloc.apply()
        let unclaimed = UnclaimedConnections()
        let budget = self.budget
        let minimumRate =
            configuration.minimumTransferRate > 0
            ? InboundFrameGuard.MinimumRate(
                bytesPerSecond: configuration.minimumTransferRate,
                window: .milliseconds(Int64(configuration.transferRateWindow * 1000)))
            : nil
        let serverChannel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try unclaimed.wrap(channel) {
                        let counter = ByteCounter()
                        try ChannelPipelines.configure(
                            channel, tls: configuration.tls.map { .server($0) }, limits: configuration.frameLimits,
                            idleTimeout: configuration.idleTimeout, counter: counter, budget: budget,
                            minimumRate: minimumRate,
                            linger: .milliseconds(Int64(configuration.closeLinger * 1000))
                        )
                        // At most 2 decoded messages wait for the session (NIO's default is 10): a pusher's
                        // window of batches waits in the socket, not decoded in memory (Protocol.md §8).
                        let connection = try NIOAsyncChannel<WireMessage, OutboundFrame>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 2)))
                        return (connection, counter)
                    }
                }
            }
        let address = serverChannel.channel.localAddress
        let port = address?.port ?? configuration.port
        activity.setListening("\(configuration.host):\(port)")
        onListening(configuration.host, port)
        logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                var acceptFailure: (any Error)?
                do {
                    try await serverChannel.executeThenClose { inbound in
                        for try await accepted in inbound {
                            unclaimed.claim(accepted)
                            group.addTask { await self.serve(accepted.channel, counter: accepted.counter) }
                        }
                    }
                } catch {
                    acceptFailure = error
                }
                // Connections accepted as the loop ended never reach it: close them, never drop them.
                await unclaimed.closeRemaining()
                if let acceptFailure { throw acceptFailure }
                // Accepting has stopped: give sessions their grace period, then close what is left.
                group.addTask { await self.closeStragglers() }
            }
        } onGracefulShutdown: {
            self.logger.info("shutting down: no new connections; finishing sessions in flight")
            self.state.withLock { $0.shuttingDown = true }
            self.activity.setListening(nil)
            serverChannel.channel.close(promise: nil)
        }
        activity.setListening(nil)
        logger.info("stopped")
    }

    private func closeStragglers() async {
        let deadline = ContinuousClock.now + .milliseconds(Int(configuration.shutdownGrace * 1000))
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.connections.isEmpty }) { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        let left = state.withLock { Array($0.connections.values) }
        for channel in left { channel.close(promise: nil) }
    }

    private func serve(_ connection: NIOAsyncChannel<WireMessage, OutboundFrame>, counter: ByteCounter) async {
        let channel = connection.channel
        let key = ObjectIdentifier(channel)
        let admitted: Result<ConnectionAdmission.Ticket, ConnectionAdmission.Refusal> = state.withLock { state in
            if state.shuttingDown { return .failure(.atConnectionLimit) }
            let admitted = admission.admit(address: channel.remoteAddress?.ipAddress ?? "?")
            if case .success = admitted {
                state.connections[key] = channel
                state.served += 1
            }
            return admitted
        }
        let ticket = try? admitted.get()
        if ticket != nil {
            metrics.connections.increment()
            metrics.activeConnections.record(state.withLock { $0.connections.count })
        } else {
            activity.refusedAtLimit()
        }
        defer {
            if let ticket { admission.release(ticket) }
            let remaining = state.withLock { state in
                state.connections.removeValue(forKey: key)
                return state.connections.count
            }
            metrics.activeConnections.record(remaining)
        }
        let peer = channel.remoteAddress.map(Self.describe) ?? "?"
        let watched = activity.opened(address: peer, counter: counter)
        var ending: String?
        defer { activity.closed(watched, error: ending) }
        var logger = self.logger
        logger[metadataKey: "peer"] = "\(peer)"

        // A connection that has not said HELLO in time is told `timeout` (by the ProtocolErrorResponder) and closed.
        let handshakeTimer = channel.eventLoop.scheduleTask(
            in: .milliseconds(Int64(configuration.handshakeTimeout * 1000))
        ) {
            channel.pipeline.fireErrorCaught(TransportError(.timedOut, "no HELLO within the handshake timeout"))
        }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var framed = FramedChannel(inbound: inbound, outbound: outbound)
                guard let ticket else {
                    if case .failure(let refusal) = admitted {
                        logger.debug("connection refused", metadata: ["reason": "\(refusal.message)"])
                        try await framed.send(
                            .error(ErrorMessage(code: .busy, retryable: true, message: refusal.message)))
                    }
                    return
                }
                var session = ServerSession(
                    channel: ObservedMessageChannel(
                        inner: framed, activity: activity, connection: watched,
                        onFirstMessage: { handshakeTimer.cancel() },
                        onWelcome: { [admission] in admission.authenticated(ticket) }
                    ),
                    store: ObservedStore(inner: store, activity: activity, connection: watched),
                    policy: policy, options: configuration.session,
                    capabilities: configuration.capabilities, nodeName: configuration.nodeName,
                    peerAddress: channel.remoteAddress?.ipAddress,
                    isShuttingDown: { [self] in self.state.withLock { $0.shuttingDown } }
                )
                do {
                    try await session.run()
                } catch let error as SyncError {
                    metrics.sessionErrors.increment()
                    ending = error.message
                    logger.notice("session refused", metadata: ["error": "\(error)"])
                } catch let error as WireError {
                    // The pipeline's ProtocolErrorResponder has told the peer and is closing the connection.
                    metrics.sessionErrors.increment()
                    activity.refused(
                        watched, ErrorMessage(code: .protocolViolation, retryable: false, message: error.description))
                    logger.notice("bad input from peer", metadata: ["error": "\(error)"])
                } catch let refusal as ConnectionRefusal {
                    // A limit cut the connection off; the ProtocolErrorResponder has told the peer and is closing.
                    metrics.sessionErrors.increment()
                    activity.refused(watched, refusal.answer)
                    logger.notice("connection cut off", metadata: ["reason": "\(refusal.answer.message)"])
                }
                if let hello = session.hello, hello.wallClock == nil {
                    logger.info(
                        "peer speaks protocol version 1 only: clocks not compared",
                        metadata: ["node": "\(hello.nodeName)"])
                }
                for report in session.reports {
                    logger.info(
                        "transfer",
                        metadata: [
                            "dataset": "\(report.dataset)", "sent": "\(report.recordsSent)",
                            "received": "\(report.recordsReceived)", "applied": "\(report.recordsApplied)",
                        ]
                    )
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
        handshakeTimer.cancel()
    }

    /// `HOST:PORT` of a socket address (`[HOST]:PORT` for IPv6).
    static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
