import NIOCore
public import Sync
public import Wire

/// A `MessageChannel` over a NIO channel whose pipeline decodes and encodes Tally frames.
///
/// Record batches are encoded into their frames here, on the sending task, once the connection's WELCOME has
/// passed (the capabilities it agreed fix the frame layer): what waits in the outbound writer while the peer's
/// socket is full is then a compressed frame, not a batch of decoded records. Other messages are framed by the
/// pipeline (`ConnectionEncoder`), which frames them the same way.
public struct FramedChannel: MessageChannel {
    private var inbound: NIOAsyncChannelInboundStream<WireMessage>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<OutboundFrame>
    /// Bytes received so far (compressed, as on the wire), when the pipeline counts them.
    private let counter: ByteCounter?
    /// The frame layer the WELCOME sent or received agreed, once it has passed.
    private var agreed: FrameEncoder?

    /// Wraps the two halves of an `NIOAsyncChannel` set up by `ChannelPipelines`.
    init(
        inbound: NIOAsyncChannelInboundStream<WireMessage>,
        outbound: NIOAsyncChannelOutboundWriter<OutboundFrame>,
        counter: ByteCounter? = nil
    ) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.counter = counter
    }

    /// Sends `message`; a record batch after WELCOME is encoded into its frame here, on the calling task.
    public mutating func send(_ message: WireMessage) async throws {
        switch message {
        case .recordBatch, .encodedRecordBatch:
            if let agreed {
                try await outbound.write(.encoded(try agreed.encode(message)))
                return
            }
        default:
            break
        }
        if case .welcome(let welcome) = message { agreed = FrameEncoder(agreed: welcome) }
        try await outbound.write(.message(message))
    }

    /// The next message from the peer, or `nil` when it closed.
    public mutating func receive() async throws -> WireMessage? {
        let message = try await inbound.next()
        if case .welcome(let welcome) = message { agreed = FrameEncoder(agreed: welcome) }
        return message
    }
}
