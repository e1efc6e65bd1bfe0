public import NIOCore
import Synchronization

/// Counts the bytes that cross a channel in each direction (for `--json` reports and metrics).
public final class ByteCounter: ChannelDuplexHandler, Sendable {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private let counts = Mutex<(received: Int, sent: Int)>((0, 0))

    /// Makes a counter at zero.
    public init() {}

    /// Bytes read from the socket (after TLS).
    public var bytesReceived: Int { counts.withLock { $0.received } }
    /// Bytes written to the socket (before TLS).
    public var bytesSent: Int { counts.withLock { $0.sent } }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let size = unwrapInboundIn(data).readableBytes
        counts.withLock { $0.received += size }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let size = unwrapOutboundIn(data).readableBytes
        counts.withLock { $0.sent += size }
        context.write(data, promise: promise)
    }
}
