/// The payload compressions a peer accepts, as a bit set in one byte. Uncompressed payloads are always allowed.
///
/// Bit 0 (`0x01`) is zlib. Other bits are reserved: a receiver ignores them and never echoes them back.
public struct CompressionSet: OptionSet, Hashable, Sendable {
    /// The raw bits.
    public var rawValue: UInt8

    /// Wraps raw bits (unknown bits are kept, so a message re-encodes to the same bytes).
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// zlib (RFC 1950) streams, flag bit 0 of a frame.
    public static let zlib = CompressionSet(rawValue: 0x01)

    /// Every compression this implementation knows.
    public static let known: CompressionSet = [.zlib]
}
