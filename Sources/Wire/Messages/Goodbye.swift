public import NIOCore

/// `0x04 GOODBYE`, either direction: the sender closes the connection after this frame, with no error.
public struct Goodbye: WirePayload {
    /// Why (for logs), may be empty.
    public var reason: String

    /// Makes a goodbye.
    public init(reason: String) {
        self.reason = reason
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(reason)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Goodbye {
        Goodbye(reason: try buffer.readLengthPrefixedString())
    }
}
