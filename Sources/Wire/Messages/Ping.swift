public import NIOCore

/// `0x05 PING`, either direction: asks for a `Pong` with the same nonce (liveness, round-trip time).
public struct Ping: WirePayload {
    /// Any value the pinging side chooses.
    public var nonce: UInt64

    /// Makes a ping.
    public init(nonce: UInt64) {
        self.nonce = nonce
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(nonce, endianness: .big)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Ping {
        Ping(nonce: try buffer.readFixed())
    }
}
