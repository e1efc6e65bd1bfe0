import NIOCore
import Wire

/// Decodes one side of a Tally connection: the peer's preamble, then frames into messages.
///
/// The preamble must arrive first and be the Tally magic with a version this implementation speaks; frames are
/// checked against `limits` (narrowed to what WELCOME agreed, and accepting zlib only when agreed) as soon as
/// their header arrives (Wire's `FrameDecoder`). A WELCOME that passes sets the connection's agreement.
struct ConnectionDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = WireMessage

    private var sawPreamble = false
    private let limits: FrameLimits
    private let agreement: ConnectionAgreement
    private let preamble = PreambleDecoder()

    init(limits: FrameLimits, agreement: ConnectionAgreement) {
        self.limits = limits
        self.agreement = agreement
    }

    mutating func decode(buffer: inout ByteBuffer) throws -> WireMessage? {
        if !sawPreamble {
            guard try preamble.decodeOrThrow(&buffer) != nil else { return nil }
            sawPreamble = true
        }
        let frames = agreement.frameDecoder(limits: limits)
        return try observe(
            frames.decodeFrame(from: &buffer)?.message(expandedLimit: Int(frames.maxDecompressedSize)))
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> WireMessage? {
        if !sawPreamble {
            if buffer.readableBytes == 0 { return nil }
            guard try preamble.decodeOrThrow(&buffer) != nil else {
                throw WireError(.truncated, "the connection closed inside the preamble")
            }
            sawPreamble = true
        }
        var frames = agreement.frameDecoder(limits: limits)
        return try observe(
            frames.decodeLast(buffer: &buffer, seenEOF: seenEOF)?.message(
                expandedLimit: Int(frames.maxDecompressedSize)))
    }

    /// Passes `message` on, recording the agreement when it is the WELCOME (the client's side).
    private func observe(_ message: WireMessage?) -> WireMessage? {
        if case .welcome(let welcome)? = message { agreement.agree(welcome.capabilities, version: welcome.version) }
        return message
    }
}
