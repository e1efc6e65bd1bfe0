/// The flag byte of a frame header. Bit 0 is `compressed`; every other bit is reserved and must be 0.
public struct FrameFlags: OptionSet, Hashable, Sendable {
    /// The raw byte.
    public var rawValue: UInt8

    /// Wraps a raw byte.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The payload is a zlib (RFC 1950) stream of the declared uncompressed size.
    public static let compressed = FrameFlags(rawValue: 0x01)

    /// Every flag this implementation knows.
    public static let known: FrameFlags = [.compressed]
}
