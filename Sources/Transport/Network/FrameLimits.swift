public import Wire

/// The size limits a connection enforces on what it receives (Protocol.md, "Limits").
public struct FrameLimits: Hashable, Sendable {
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
