import NIOCore
import Synchronization

/// What a client saw of a connection below the protocol: the server's first bytes (before TLS) and whether a
/// deadline closed it. Used to say what went wrong in plain words (`ClientFailure`).
final class ConnectionWatch: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// How many of the server's first bytes are kept.
    static let kept = 16

    private struct State {
        var firstBytes: [UInt8] = []
        var handshakeExpired = false
        var handshakeDone = false
        var error: (any Error)?
    }

    private let state = Mutex(State())

    /// The server's first bytes on the socket (at most `kept`).
    var firstBytes: [UInt8] { state.withLock { $0.firstBytes } }
    /// The first error raised below the protocol (TLS, socket), if any.
    var recordedError: (any Error)? { state.withLock { $0.error } }
    /// `true` when the handshake deadline closed the connection.
    var handshakeExpired: Bool { state.withLock { $0.handshakeExpired } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        state.withLock { state in
            let missing = Self.kept - state.firstBytes.count
            if missing > 0,
                let bytes = buffer.getBytes(at: buffer.readerIndex, length: min(missing, buffer.readableBytes))
            {
                state.firstBytes += bytes
            }
        }
        context.fireChannelRead(data)
    }

    /// Closes `channel` unless `handshakeFinished` is called within `limit`.
    func arm(_ channel: any Channel, limit: Duration) {
        channel.eventLoop.scheduleTask(in: .nanoseconds(limit.nanosecondsValue)) { [self] in
            let expired = state.withLock { state in
                if state.handshakeDone { return false }
                state.handshakeExpired = true
                return true
            }
            if expired { channel.close(promise: nil) }
        }
    }

    /// Keeps `error` unless an earlier one was kept.
    func record(_ error: any Error) {
        state.withLock { state in
            if state.error == nil { state.error = error }
        }
    }

    /// Disarms the handshake deadline.
    func handshakeFinished() {
        state.withLock { $0.handshakeDone = true }
    }
}
