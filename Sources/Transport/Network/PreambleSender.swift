import NIOCore
import Wire

/// Sends this side's preamble as soon as the connection is up, without waiting for the peer's (Protocol.md §6),
/// and in any case before the first frame.
final class PreambleSender: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var sent = false

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { send(context: context, flush: true) }
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context: context, flush: true)
        context.fireChannelActive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        send(context: context, flush: false)
        context.write(data, promise: promise)
    }

    private func send(context: ChannelHandlerContext, flush: Bool) {
        guard !sent else { return }
        sent = true
        var preamble = context.channel.allocator.buffer(capacity: Preamble.size)
        Preamble.write(to: &preamble)
        context.write(wrapOutboundOut(preamble), promise: nil)
        if flush { context.flush() }
    }
}
