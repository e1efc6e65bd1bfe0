import NIOCore
import Wire

/// What a connection's pipeline is given to send: a message for `ConnectionEncoder` to frame, or a frame already
/// encoded (`FramedChannel` encodes record batches itself, so that a batch waiting for a full socket waits as
/// compressed bytes, not as decoded records).
enum OutboundFrame: Sendable {
    /// A message, framed by the pipeline within what the connection agreed.
    case message(WireMessage)
    /// A whole frame, length prefix included, encoded within what the connection agreed.
    case encoded(ByteBuffer)
}
