import NIOCore
import Wire

/// Decodes one side of a Tally connection: the peer's preamble, then frames into messages.
///
/// The preamble must arrive first and be the Tally magic with a version this implementation speaks; frames are
/// checked against `limits` as soon as their header arrives (Wire's `FrameDecoder`).
struct ConnectionDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = WireMessage

    private var sawPreamble = false
    private var frames: WireMessageDecoder
    private let preamble = PreambleDecoder()

    init(limits: FrameLimits) {
        frames = WireMessageDecoder(
            frameDecoder: FrameDecoder(
                maxFrameSize: limits.maxFrameSize, maxDecompressedSize: limits.maxDecompressedSize)
        )
    }

    mutating func decode(buffer: inout ByteBuffer) throws -> WireMessage? {
        if !sawPreamble {
            guard try preamble.decodeOrThrow(&buffer) != nil else { return nil }
            sawPreamble = true
        }
        return try frames.decode(buffer: &buffer)
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> WireMessage? {
        if !sawPreamble {
            if buffer.readableBytes == 0 { return nil }
            guard try preamble.decodeOrThrow(&buffer) != nil else {
                throw WireError(.truncated, "the connection closed inside the preamble")
            }
            sawPreamble = true
        }
        return try frames.decodeLast(buffer: &buffer, seenEOF: seenEOF)
    }
}
