import NIOCore
import Wire

/// Encodes messages into frames within what the connection agreed (Protocol.md §8, §9). A WELCOME it sends
/// (the server's side) sets the agreement for the frames after it. A frame encoded already passes as it is.
final class ConnectionEncoder: MessageToByteEncoder {
    typealias OutboundIn = OutboundFrame

    private let agreement: ConnectionAgreement

    init(agreement: ConnectionAgreement) {
        self.agreement = agreement
    }

    func encode(data: OutboundFrame, out: inout ByteBuffer) throws {
        switch data {
        case .message(let message):
            try agreement.frameEncoder.encode(message, into: &out)
            if case .welcome(let welcome) = message { agreement.agree(welcome.capabilities, version: welcome.version) }
        case .encoded(let frame):
            out.writeImmutableBuffer(frame)
        }
    }
}
