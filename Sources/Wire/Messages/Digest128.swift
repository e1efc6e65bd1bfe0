public import NIOCore

/// A 128-bit digest: the fingerprint of a reconcile range, or the digest of one record state.
/// Encoded as its 16 bytes in order.
public struct Digest128: WirePayload, Comparable, CustomStringConvertible {
    /// The first 8 bytes, big-endian.
    public var high: UInt64
    /// The last 8 bytes, big-endian.
    public var low: UInt64

    /// Makes a digest from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Makes a digest from the first 16 bytes of `bytes` (for example a truncated SHA-256);
    /// `nil` if there are fewer than 16.
    public init?(bytes: some Sequence<UInt8>) {
        let prefix = Array(bytes.prefix(16))
        guard prefix.count == 16 else { return nil }
        high = prefix[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = prefix[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The all-zero digest (the fingerprint of an empty range under XOR or addition).
    public static let zero = Digest128(high: 0, low: 0)

    /// The 16 bytes.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// 32 lowercase hex digits.
    public var description: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Ordered as 128-bit unsigned integers.
    public static func < (lhs: Digest128, rhs: Digest128) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(high, endianness: .big)
        buffer.writeInteger(low, endianness: .big)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Digest128 {
        Digest128(high: try buffer.readFixed(), low: try buffer.readFixed())
    }
}
