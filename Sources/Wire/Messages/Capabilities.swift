public import NIOCore

/// What a peer can take, sent in `Hello` and agreed in `Welcome` (Protocol.md, "Negotiation").
public struct Capabilities: WirePayload {
    /// The largest frame length prefix this peer accepts (bytes after the prefix).
    public var maxFrameSize: UInt32
    /// The largest declared uncompressed payload size this peer accepts.
    public var maxDecompressedSize: UInt32
    /// The payload compressions this peer can read.
    public var compression: CompressionSet
    /// The most unacknowledged record batches this peer lets be in flight towards it (at least 1 once agreed).
    public var window: UInt16
    /// Optional protocol features by name; names a peer does not know are ignored.
    public var features: [String]

    /// The most features one message may list.
    public static let maximumFeatureCount = 256

    /// Defaults: 16 MiB frames, 64 MiB payloads, zlib, a window of 4 batches, no features.
    public static let defaults = Capabilities(
        maxFrameSize: 16 << 20, maxDecompressedSize: 64 << 20, compression: .zlib, window: 4, features: []
    )

    /// Makes a capability set.
    public init(
        maxFrameSize: UInt32,
        maxDecompressedSize: UInt32,
        compression: CompressionSet,
        window: UInt16,
        features: [String]
    ) {
        self.maxFrameSize = maxFrameSize
        self.maxDecompressedSize = maxDecompressedSize
        self.compression = compression
        self.window = window
        self.features = features
    }

    /// The largest payload, in bytes before compression, that a frame may carry under these limits: within
    /// `maxDecompressedSize`, and within `maxFrameSize` even when sent uncompressed.
    public var largestPayload: Int {
        max(0, min(Int(maxFrameSize) - Frame.headerSize, Int(maxDecompressedSize)))
    }

    /// What both peers can take: the smaller of each limit, the compressions both know (and this implementation
    /// knows), the smaller window (at least 1), and the features both list, in `self`'s order.
    public func agreed(with other: Capabilities) -> Capabilities {
        let theirs = Set(other.features)
        var seen = Set<String>()
        return Capabilities(
            maxFrameSize: min(maxFrameSize, other.maxFrameSize),
            maxDecompressedSize: min(maxDecompressedSize, other.maxDecompressedSize),
            compression: compression.intersection(other.compression).intersection(.known),
            window: max(1, min(window, other.window)),
            features: features.filter { theirs.contains($0) && seen.insert($0).inserted }
        )
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(maxFrameSize, endianness: .big)
        buffer.writeInteger(maxDecompressedSize, endianness: .big)
        buffer.writeInteger(compression.rawValue)
        buffer.writeInteger(window, endianness: .big)
        buffer.writeStringList(features)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> Capabilities {
        Capabilities(
            maxFrameSize: try buffer.readFixed(),
            maxDecompressedSize: try buffer.readFixed(),
            compression: CompressionSet(rawValue: try buffer.readFixed()),
            window: try buffer.readFixed(),
            features: try buffer.readStringList(limit: maximumFeatureCount)
        )
    }
}
