public import NIOCore

/// One decoded frame: its message type and its payload, already checked (CRC) and inflated.
public struct Frame: Hashable, Sendable {
    /// Bytes in a frame header after the length prefix: type, flags, declared size, CRC-32.
    public static let headerSize = 10
    /// Bytes before the payload, length prefix included.
    public static let prefixedHeaderSize = 14

    /// The frame type.
    public var type: MessageType
    /// How the payload travelled (`compressed` or not).
    public var flags: FrameFlags
    /// The uncompressed payload.
    public var payload: ByteBuffer

    /// Makes a frame.
    public init(type: MessageType, flags: FrameFlags = [], payload: ByteBuffer) {
        self.type = type
        self.flags = flags
        self.payload = payload
    }

    /// Decodes the payload as the message of `type`; `expandedLimit` bounds the `RECORD_BATCH` form of a
    /// `RECORD_COLUMNS` payload (the receiver's `maxDecompressedSize`).
    public func message(
        expandedLimit: Int = Int(Capabilities.defaults.maxDecompressedSize)
    ) throws(WireError) -> WireMessage {
        try WireMessage.decode(type: type, payload: payload, expandedLimit: expandedLimit)
    }
}
