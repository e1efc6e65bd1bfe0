public import NIOCore
public import Sync
public import Wire

/// A `MessageChannel` over a NIO channel whose pipeline decodes and encodes Tally frames.
public struct FramedChannel: MessageChannel {
    private var inbound: NIOAsyncChannelInboundStream<WireMessage>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<WireMessage>
    /// Bytes received so far (compressed, as on the wire), when the pipeline counts them.
    private let counter: ByteCounter?

    /// Wraps the two halves of an `NIOAsyncChannel`.
    public init(
        inbound: NIOAsyncChannelInboundStream<WireMessage>,
        outbound: NIOAsyncChannelOutboundWriter<WireMessage>,
        counter: ByteCounter? = nil
    ) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.counter = counter
    }

    public mutating func send(_ message: WireMessage) async throws {
        try await outbound.write(message)
    }

    public mutating func receive() async throws -> WireMessage? {
        try await inbound.next()
    }
}
