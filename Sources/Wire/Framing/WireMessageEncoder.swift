public import NIOCore

/// A `FrameEncoder` as a NIO `MessageToByteEncoder`: the outbound half of a Tally channel pipeline.
public struct WireMessageEncoder: MessageToByteEncoder, Sendable {
    /// Messages go into the encoder.
    public typealias OutboundIn = WireMessage

    /// The frame layer, with its compression settings and the peer's limits.
    public var frameEncoder: FrameEncoder

    /// Makes an encoder.
    public init(frameEncoder: FrameEncoder = FrameEncoder()) {
        self.frameEncoder = frameEncoder
    }

    /// NIO entry point: appends the frame of `data` to `out`.
    public func encode(data: WireMessage, out: inout ByteBuffer) throws {
        try frameEncoder.encode(data, into: &out)
    }
}
