import NIOCore
import Wire

/// Answers a peer that broke the protocol (a bad frame, an oversized length, a bomb, an unknown message) with an
/// ERROR frame saying why, then closes the connection;
/// a peer idle past its timeout is told `timeout`. A peer whose first bytes are not the Tally magic is not
/// spoken to at all: it is simply closed.
final class ProtocolErrorResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = WireMessage
    typealias OutboundOut = WireMessage

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let timeout = error as? TransportError, timeout.code == .timedOut {
            let message = ErrorMessage(code: .timeout, retryable: true, message: timeout.message)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.error(message))).whenComplete { _ in channel.close(promise: nil) }
        } else if let wireError = error as? WireError, wireError.code != .badMagic {
            let code: ErrorCode = wireError.code == .unsupportedVersion ? .unsupportedVersion : .protocolViolation
            let message = ErrorMessage(code: code, retryable: false, message: wireError.description)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.error(message))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
        context.fireErrorCaught(error)
    }
}
