public import NIOCore

/// Turns messages into frames (Protocol.md, "Frames"): length prefix, type, flags, declared size, CRC-32, payload.
///
/// The payload is zlib-compressed only when compression is allowed, the payload is at least
/// `compressionThreshold` bytes and compression saves at least one eighth; otherwise it is sent as is.
public struct FrameEncoder: Sendable {
    /// Payloads shorter than this are never compressed.
    public static let compressionThreshold = 256

    /// The zlib level, 0–9 (default 6).
    public var compressionLevel: Int
    /// `true` when the peer accepts zlib payloads (agreed in `Welcome`).
    public var allowsCompression: Bool
    /// The largest length prefix the peer accepts.
    public var maxFrameSize: UInt32
    /// The largest uncompressed payload the peer accepts.
    public var maxDecompressedSize: UInt32
    /// `true` when the peer reads `RECORD_COLUMNS` (protocol version 3 or later agreed): a record batch is then
    /// sent in that layout whenever it is the smaller (Protocol.md §10.19).
    public var sendsRecordColumns: Bool

    /// Makes an encoder; the limits default to those of `Capabilities.defaults`.
    public init(
        compressionLevel: Int = 6,
        allowsCompression: Bool = true,
        maxFrameSize: UInt32 = Capabilities.defaults.maxFrameSize,
        maxDecompressedSize: UInt32 = Capabilities.defaults.maxDecompressedSize,
        sendsRecordColumns: Bool = false
    ) {
        self.compressionLevel = min(max(compressionLevel, 0), 9)
        self.allowsCompression = allowsCompression
        self.maxFrameSize = maxFrameSize
        self.maxDecompressedSize = maxDecompressedSize
        self.sendsRecordColumns = sendsRecordColumns
    }

    /// An encoder that keeps to agreed capabilities, on a connection of protocol `version`.
    public init(agreed capabilities: Capabilities, version: UInt16 = 1, compressionLevel: Int = 6) {
        self.init(
            compressionLevel: compressionLevel,
            allowsCompression: capabilities.compression.contains(.zlib),
            maxFrameSize: capabilities.maxFrameSize,
            maxDecompressedSize: capabilities.maxDecompressedSize,
            sendsRecordColumns: version >= ProtocolVersion.recordColumns
        )
    }

    /// An encoder that keeps to what `welcome` agreed: its capabilities and its protocol version.
    public init(agreed welcome: Welcome) {
        self.init(agreed: welcome.capabilities, version: welcome.version)
    }

    /// Appends the frame of `message` to `buffer`. Throws `.frameTooLargeToSend` (and writes nothing) when the
    /// frame would break the peer's limits.
    public func encode(_ message: WireMessage, into buffer: inout ByteBuffer) throws(WireError) {
        if sendsRecordColumns, let columns = try RecordColumns.payload(of: message) {
            try encode(type: .recordColumns, payload: columns, into: &buffer)
            return
        }
        try encode(type: message.type, payload: message.payload, into: &buffer)
    }

    /// Appends a frame of `type` carrying the uncompressed `payload` to `buffer`.
    public func encode(type: MessageType, payload: ByteBuffer, into buffer: inout ByteBuffer) throws(WireError) {
        let size = payload.readableBytes
        guard size <= Int(maxDecompressedSize) else {
            throw WireError(.frameTooLargeToSend, "\(type.name) payload of \(size) bytes over \(maxDecompressedSize)")
        }
        var flags = FrameFlags()
        var compressed: [UInt8]?
        if allowsCompression, size >= FrameEncoder.compressionThreshold {
            compressed = Zlib.deflate(payload.readableBytesView, level: Int32(compressionLevel), limit: size * 7 / 8)
            if compressed != nil { flags.insert(.compressed) }
        }
        let sentSize = compressed?.count ?? size
        guard sentSize <= Int(maxFrameSize) - Frame.headerSize else {
            throw WireError(.frameTooLargeToSend, "\(type.name) frame of \(sentSize) bytes over \(maxFrameSize)")
        }
        buffer.reserveCapacity(minimumWritableBytes: Frame.prefixedHeaderSize + sentSize)
        buffer.writeInteger(UInt32(Frame.headerSize + sentSize), endianness: .big)
        buffer.writeInteger(type.rawValue)
        buffer.writeInteger(flags.rawValue)
        buffer.writeInteger(UInt32(size), endianness: .big)
        if let compressed {
            let crcView = ByteBuffer(bytes: compressed)
            buffer.writeInteger(Zlib.crc32(crcView.readableBytesView), endianness: .big)
            buffer.writeBytes(compressed)
        } else {
            buffer.writeInteger(Zlib.crc32(payload.readableBytesView), endianness: .big)
            buffer.writeImmutableBuffer(payload)
        }
    }

    /// The frame of `message` as a new buffer.
    public func encode(_ message: WireMessage) throws(WireError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try encode(message, into: &buffer)
        return buffer
    }

    /// The frame of `message` as bytes.
    public func encodedBytes(_ message: WireMessage) throws(WireError) -> [UInt8] {
        let buffer = try encode(message)
        return Array(buffer.readableBytesView)
    }
}
