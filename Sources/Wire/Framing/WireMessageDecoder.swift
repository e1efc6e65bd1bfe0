public import NIOCore

/// A `FrameDecoder` that also decodes each frame's payload: the inbound half of a Tally channel pipeline.
public struct WireMessageDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    /// Messages come out of the decoder.
    public typealias InboundOut = WireMessage

    /// The frame layer, with its limits.
    public var frameDecoder: FrameDecoder

    /// Makes a decoder with the given limits.
    public init(frameDecoder: FrameDecoder = FrameDecoder()) {
        self.frameDecoder = frameDecoder
    }

    /// NIO entry point: the next whole message, or `nil`.
    public mutating func decode(buffer: inout ByteBuffer) throws -> WireMessage? {
        try frameDecoder.decodeFrame(from: &buffer)?.message(expandedLimit: Int(frameDecoder.maxDecompressedSize))
    }

    /// NIO entry point at end of stream: a partial frame left over is `.truncated`.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> WireMessage? {
        try frameDecoder.decodeLast(buffer: &buffer, seenEOF: seenEOF)?.message(
            expandedLimit: Int(frameDecoder.maxDecompressedSize))
    }
}
