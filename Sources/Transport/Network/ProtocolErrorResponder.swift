import NIOCore
import Wire

/// Answers a peer that broke the protocol (a bad frame, an oversized length, a bomb, an unknown message) with an
/// ERROR frame whose code Protocol.md §12.2 gives (`limitExceeded` for a broken size limit, `protocolViolation`
/// for other bad bytes), then closes the connection; a peer idle past its timeout is told `timeout`, and one a limit
/// of this side cut off (`ConnectionRefusal`) is told that refusal's ERROR.
/// A peer whose first bytes are not the Tally magic, or whose preamble names a frame-layer version this side does
/// not speak, is not sent a frame: it has this side's preamble already, and is simply closed (§6).
final class ProtocolErrorResponder: ChannelInboundHandler, Sendable {
    typealias InboundIn = WireMessage
    typealias OutboundOut = OutboundFrame

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let answer: ErrorMessage?
        if let refusal = error as? ConnectionRefusal {
            answer = refusal.answer
        } else if let timeout = error as? TransportError, timeout.code == .timedOut {
            answer = ErrorMessage(code: .timeout, retryable: true, message: timeout.message)
        } else if let wireError = error as? WireError, let code = wireError.code.answer {
            answer = ErrorMessage(code: code, retryable: false, message: wireError.description)
        } else {
            answer = nil
        }
        if let answer {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.message(.error(answer)))).whenComplete { _ in
                channel.close(promise: nil)
            }
        } else {
            context.close(promise: nil)
        }
        context.fireErrorCaught(error)
    }
}
