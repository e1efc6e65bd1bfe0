public import NIOCore
import Synchronization

/// Counts the bytes that cross a channel in each direction (for `--json` reports and metrics).
public final class ByteCounter: ChannelDuplexHandler, Sendable {
    /// Bytes, as read from the socket.
    public typealias InboundIn = ByteBuffer
    /// The same bytes, passed on.
    public typealias InboundOut = ByteBuffer
    /// Bytes, as written to the socket.
    public typealias OutboundIn = ByteBuffer
    /// The same bytes, passed on.
    public typealias OutboundOut = ByteBuffer

    private let counts = Mutex<(received: Int, sent: Int)>((0, 0))

    /// Makes a counter at zero.
    public init() {}

    /// Bytes read from the socket (after TLS).
    public var bytesReceived: Int { counts.withLock { $0.received } }
    /// Bytes written to the socket (before TLS).
    public var bytesSent: Int { counts.withLock { $0.sent } }

    /// Counts the bytes read and passes them on.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let size = unwrapInboundIn(data).readableBytes
        counts.withLock { $0.received += size }
        context.fireChannelRead(data)
    }

    /// Counts the bytes written and passes them on.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let size = unwrapOutboundIn(data).readableBytes
        counts.withLock { $0.sent += size }
        context.write(data, promise: promise)
    }
}
