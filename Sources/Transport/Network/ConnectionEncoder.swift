import NIOCore
import Wire

/// Encodes messages into frames, with this side's preamble before the first one.
final class ConnectionEncoder: MessageToByteEncoder {
    typealias OutboundIn = WireMessage

    private var sentPreamble = false
    private let encoder: FrameEncoder

    init(encoder: FrameEncoder) {
        self.encoder = encoder
    }

    func encode(data: WireMessage, out: inout ByteBuffer) throws {
        if !sentPreamble {
            Preamble.write(to: &out)
            sentPreamble = true
        }
        try encoder.encode(data, into: &out)
    }
}
