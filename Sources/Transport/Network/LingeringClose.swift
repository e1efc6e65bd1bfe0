import NIOCore

/// Closes a server's connection the way that lets the peer read the last thing it was told.
///
/// A server that closes a socket while the client's bytes still wait unread in it makes the kernel answer with a
/// reset, and a reset throws away what the client had not read yet: the ERROR frame that said why (a full disk, a
/// refused batch, the connection limit) never reaches the user, who sees "connection lost" instead. So a full close
/// becomes: flush what was written, half-close the output (the peer reads the ERROR, then end of stream), discard
/// whatever the peer still sends, and close for good when the peer closes its side or `linger` has passed, whichever
/// comes first (Protocol.md §8). This is the lingering close of Apache's httpd and of nginx.
///
/// It sits next to the socket (after TLS, whose close_notify it lets through), so the bytes it discards are
/// never decoded, inflated or counted against the frame-memory budget.
final class LingeringClose: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let linger: TimeAmount
    private var lingering = false
    private var deadline: Scheduled<Void>?

    /// - Parameter linger: how long a closed connection keeps discarding what the peer sends before it is reset.
    init(linger: TimeAmount) {
        self.linger = linger
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, context.channel.isActive else {
            context.close(mode: mode, promise: promise)
            return
        }
        // Whoever asked for the close hears of it when the connection is really closed.
        context.channel.closeFuture.cascade(to: promise)
        if lingering { return }
        lingering = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: linger) { bound.value.close(mode: .all, promise: nil) }
        context.close(mode: .output).whenFailure { _ in
            // The output cannot be half-closed (already gone, or a transport that cannot): close outright.
            bound.value.close(mode: .all, promise: nil)
        }
        // Reads go on whatever the consumer's back-pressure said: the peer's end of stream must be seen.
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !lingering { context.fireChannelRead(data) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if lingering {
            context.read()
        } else {
            context.fireChannelReadComplete()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if lingering {
            // The peer reset or the TLS layer failed while this side was only waiting for it to go: done.
            context.close(mode: .all, promise: nil)
        } else {
            context.fireErrorCaught(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // The peer closed its side: nothing more can arrive, and the ERROR has been sent.
        if lingering, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(mode: .all, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
