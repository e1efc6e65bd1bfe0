import NIOCore

/// Notes in a `ConnectionWatch` the first error raised at the bottom of a client pipeline (TLS, socket), which
/// may otherwise reach the session only as "the connection closed".
final class ConnectionErrorRecorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    private let watch: ConnectionWatch

    init(watch: ConnectionWatch) {
        self.watch = watch
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        watch.record(error)
        context.fireErrorCaught(error)
    }
}
