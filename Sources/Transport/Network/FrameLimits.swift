public import Wire

/// The size limits a connection enforces on what it receives (Protocol.md, "Limits").
public struct FrameLimits: Hashable, Sendable {
    /// The largest frame length and declared payload size either side accepts until WELCOME has passed
    /// (Protocol.md §8): a HELLO, a WELCOME or an ERROR needs a few hundred bytes, so a peer that has not
    /// authenticated cannot make the other side buffer or inflate more than this.
    public static let handshakeSize: UInt32 = 64 << 10

    /// The largest frame length prefix accepted.
    public var maxFrameSize: UInt32
    /// The largest declared uncompressed payload accepted.
    public var maxDecompressedSize: UInt32

    /// Makes limits; the defaults are Wire's.
    public init(
        maxFrameSize: UInt32 = Capabilities.defaults.maxFrameSize,
        maxDecompressedSize: UInt32 = Capabilities.defaults.maxDecompressedSize
    ) {
        self.maxFrameSize = maxFrameSize
        self.maxDecompressedSize = maxDecompressedSize
    }
}
