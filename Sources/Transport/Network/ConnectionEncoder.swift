import NIOCore
import Wire

/// Encodes messages into frames within what the connection agreed (Protocol.md §8, §9). A WELCOME it sends
/// (the server's side) sets the agreement for the frames after it.
final class ConnectionEncoder: MessageToByteEncoder {
    typealias OutboundIn = WireMessage

    private let agreement: ConnectionAgreement

    init(agreement: ConnectionAgreement) {
        self.agreement = agreement
    }

    func encode(data: WireMessage, out: inout ByteBuffer) throws {
        try agreement.frameEncoder.encode(data, into: &out)
        if case .welcome(let welcome) = data { agreement.agree(welcome.capabilities) }
    }
}
