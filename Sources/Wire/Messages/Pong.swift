public import NIOCore

/// `0x06 PONG`, either direction: the answer to a `Ping`, echoing its nonce.
public struct Pong: WirePayload {
    /// Any value the pinging side chooses.
    public var nonce: UInt64

    /// Makes a pong.
    public init(nonce: UInt64) {
        self.nonce = nonce
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(nonce, endianness: .big)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Pong {
        Pong(nonce: try buffer.readFixed())
    }
}
