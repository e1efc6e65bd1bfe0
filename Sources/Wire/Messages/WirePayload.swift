public import NIOCore

/// A value with an encoding of its own inside a message payload (Protocol.md, "Messages").
///
/// `read(from:)` is strict: it refuses anything `write(to:)` would not produce, so that equal values have
/// equal bytes.
public protocol WirePayload: Hashable, Sendable {
    /// Appends the value's encoding to `buffer`.
    func write(to buffer: inout ByteBuffer)
    /// Reads one value from the front of `buffer`.
    static func read(from buffer: inout ByteBuffer) throws(WireError) -> Self
}
