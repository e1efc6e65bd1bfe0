import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// What a `FaultyProxy` does to one connection.
struct NetworkFault: Sendable, CustomStringConvertible {
    /// Which way the bytes flow.
    enum Direction: Sendable, CustomStringConvertible {
        /// From the server to the client (a pull's records).
        case toClient
        /// From the client to the server (a push's records).
        case toServer

        var description: String { self == .toClient ? "server to client" : "client to server" }
    }

    /// What happens once `afterBytes` bytes went `direction`.
    enum Action: Sendable {
        /// Nothing: every byte is forwarded.
        case none
        /// Both sides are closed, right after the `afterBytes`-th byte (in the middle of whatever frame it is in).
        case cut
        /// Nothing more is forwarded, either way, and the connection stays open: the peers hear silence.
        case blackhole
    }

    /// Added before each chunk is forwarded, both ways.
    var delay: Duration = .zero
    var action: Action = .none
    var direction: Direction = .toClient
    var afterBytes: Int = .max

    /// Every byte forwarded as it comes.
    static let clean = NetworkFault()

    /// Each chunk held back `delay` before it is forwarded.
    static func delay(_ delay: Duration) -> NetworkFault { NetworkFault(delay: delay) }

    /// The connection closed after `bytes` bytes went `direction`.
    static func cut(_ direction: Direction, after bytes: Int) -> NetworkFault {
        NetworkFault(action: .cut, direction: direction, afterBytes: bytes)
    }

    /// Silence, both ways, after `bytes` bytes went `direction`.
    static func blackhole(_ direction: Direction, after bytes: Int) -> NetworkFault {
        NetworkFault(action: .blackhole, direction: direction, afterBytes: bytes)
    }

    var description: String {
        switch action {
        case .none: delay == .zero ? "clean" : "delay \(delay)"
        case .cut: "cut after \(afterBytes) bytes \(direction)"
        case .blackhole: "blackhole after \(afterBytes) bytes \(direction)"
        }
    }
}

/// A TCP proxy on 127.0.0.1 between a real client and a real server that delays, drops or cuts what it forwards:
/// connection number `n` (from 0) gets the fault `faults(n)`. Stopped with `stop()`.
final class FaultyProxy: Sendable {
    let port: Int
    private let listener: any Channel
    private let counter: Counter

    /// A proxy to `127.0.0.1:target`.
    static func start(target: Int, faults: @escaping @Sendable (Int) -> NetworkFault) async throws -> FaultyProxy {
        let counter = Counter()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { client in
                let fault = faults(counter.next())
                let state = ProxiedConnection()
                return ClientBootstrap(group: client.eventLoop)
                    .channelInitializer { server in
                        server.eventLoop.makeCompletedFuture {
                            try server.pipeline.syncOperations.addHandler(
                                Forwarder(partner: client, direction: .toClient, fault: fault, state: state))
                        }
                    }
                    .connect(host: "127.0.0.1", port: target)
                    .flatMapThrowing { server in
                        try client.pipeline.syncOperations.addHandler(
                            Forwarder(partner: server, direction: .toServer, fault: fault, state: state))
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = listener.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return FaultyProxy(port: port, listener: listener, counter: counter)
    }

    private init(port: Int, listener: any Channel, counter: Counter) {
        self.port = port
        self.listener = listener
        self.counter = counter
    }

    /// How many connections the proxy accepted.
    var connections: Int { counter.value }

    /// Stops listening (connections in flight end with their peers).
    func stop() async throws {
        try await listener.close()
    }

    /// Numbers the accepted connections.
    private final class Counter: Sendable {
        private let count = Mutex(0)

        func next() -> Int {
            count.withLock { value in
                defer { value += 1 }
                return value
            }
        }

        var value: Int { count.withLock { $0 } }
    }
}

/// What the two directions of one proxied connection share: whether it went silent.
private final class ProxiedConnection: Sendable {
    private let silent = Mutex(false)

    var isSilent: Bool { silent.withLock { $0 } }

    func silence() { silent.withLock { $0 = true } }
}

/// Forwards what one side sends to the other, applying the connection's fault to its direction.
private final class Forwarder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let partner: any Channel
    private let direction: NetworkFault.Direction
    private let fault: NetworkFault
    private let state: ProxiedConnection
    private var forwarded = 0

    init(partner: any Channel, direction: NetworkFault.Direction, fault: NetworkFault, state: ProxiedConnection) {
        self.partner = partner
        self.direction = direction
        self.fault = fault
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard !state.isSilent else { return }
        guard fault.action != .none, direction == fault.direction,
            forwarded + buffer.readableBytes >= fault.afterBytes
        else {
            forwarded += buffer.readableBytes
            forward(buffer, then: nil, context: context)
            return
        }
        let head = buffer.readSlice(length: max(0, fault.afterBytes - forwarded)) ?? ByteBuffer()
        forwarded = fault.afterBytes
        state.silence()
        forward(head, then: fault.action, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // Once what is still delayed has gone, the other side sees the close too.
        let partner = self.partner
        context.eventLoop.scheduleTask(in: .nanoseconds(fault.delay.nanoseconds)) { partner.close(promise: nil) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Sends `buffer` on (after the delay), then cuts the connection when `action` says so.
    private func forward(_ buffer: ByteBuffer, then action: NetworkFault.Action?, context: ChannelHandlerContext) {
        let partner = self.partner
        let own = context.channel
        let send: @Sendable () -> Void = {
            partner.writeAndFlush(buffer).whenComplete { _ in
                guard action == .cut else { return }
                partner.close(promise: nil)
                own.close(promise: nil)
            }
        }
        if fault.delay == .zero {
            send()
        } else {
            context.eventLoop.scheduleTask(in: .nanoseconds(fault.delay.nanoseconds)) { send() }
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    fileprivate var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
