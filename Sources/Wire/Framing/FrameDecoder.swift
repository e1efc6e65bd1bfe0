public import NIOCore

/// Cuts a byte stream into frames, whatever its split (Protocol.md, "Frames", "Limits").
///
/// Checks happen as early as the bytes allow: the length prefix against `maxFrameSize` as soon as its 4 bytes
/// are there; type, flags and declared size as soon as the header is there; the CRC-32 before inflating; the
/// inflated size against the declared one without ever allocating more than the declared (bounded) size.
/// After an error the stream is unusable: the peer sends `ERROR` if it can and closes.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    /// Frames come out of the decoder.
    public typealias InboundOut = Frame

    /// The largest length prefix accepted (default 16 MiB).
    public var maxFrameSize: UInt32
    /// The largest declared uncompressed payload accepted (default 64 MiB).
    public var maxDecompressedSize: UInt32
    /// `true` when zlib payloads are accepted; a connection sets it from what WELCOME agreed (Protocol.md §9).
    /// A compressed frame when it is `false` is `.compressionNotAgreed`.
    public var acceptsCompression: Bool
    /// `true` when `RECORD_COLUMNS` frames are accepted: on a connection that agreed protocol version 3 or later
    /// (Protocol.md §10.19). Otherwise such a frame is `.unknownFrameType`, as to a version-2 peer.
    public var acceptsRecordColumns: Bool

    /// Makes a decoder with the given limits.
    public init(
        maxFrameSize: UInt32 = Capabilities.defaults.maxFrameSize,
        maxDecompressedSize: UInt32 = Capabilities.defaults.maxDecompressedSize,
        acceptsCompression: Bool = true,
        acceptsRecordColumns: Bool = false
    ) {
        self.maxFrameSize = maxFrameSize
        self.maxDecompressedSize = maxDecompressedSize
        self.acceptsCompression = acceptsCompression
        self.acceptsRecordColumns = acceptsRecordColumns
    }

    /// Takes one frame off the front of `buffer`, or returns `nil` (consuming nothing) if it is not all there yet.
    /// Throws as soon as the bytes present are enough to tell the frame is bad; on error nothing is consumed.
    public func decodeFrame(from buffer: inout ByteBuffer) throws(WireError) -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard length <= maxFrameSize else {
            throw WireError(.frameTooLarge, "frame length \(length) over the limit \(maxFrameSize)")
        }
        guard length >= UInt32(Frame.headerSize) else {
            throw WireError(.malformedFrame, "frame length \(length) shorter than the \(Frame.headerSize)-byte header")
        }
        let start = buffer.readerIndex
        guard let typeByte = buffer.getInteger(at: start + 4, as: UInt8.self),
            let flagByte = buffer.getInteger(at: start + 5, as: UInt8.self),
            let declared = buffer.getInteger(at: start + 6, endianness: .big, as: UInt32.self),
            let crc = buffer.getInteger(at: start + 10, endianness: .big, as: UInt32.self)
        else { return nil }
        guard let type = MessageType(rawValue: typeByte) else {
            throw WireError(.unknownFrameType, "unknown frame type 0x\(String(typeByte, radix: 16))")
        }
        guard acceptsRecordColumns || type != .recordColumns else {
            throw WireError(.unknownFrameType, "a RECORD_COLUMNS frame, but protocol version 3 was not agreed")
        }
        let flags = FrameFlags(rawValue: flagByte)
        guard flags.isSubset(of: .known) else {
            throw WireError(.unknownFlags, "unknown frame flags 0x\(String(flagByte, radix: 16))")
        }
        guard acceptsCompression || !flags.contains(.compressed) else {
            throw WireError(.compressionNotAgreed, "a compressed \(type.name) frame, but zlib was not agreed")
        }
        guard declared <= maxDecompressedSize else {
            throw WireError(.declaredSizeTooLarge, "declared payload size \(declared) over \(maxDecompressedSize)")
        }
        let sentSize = Int(length) - Frame.headerSize
        if !flags.contains(.compressed), declared != UInt32(sentSize) {
            throw WireError(.malformedFrame, "uncompressed payload of \(sentSize) bytes declares \(declared)")
        }
        guard let sent = buffer.getSlice(at: start + Frame.prefixedHeaderSize, length: sentSize) else { return nil }
        let actual = Zlib.crc32(sent.readableBytesView)
        guard actual == crc else {
            throw WireError(.checksumMismatch, "payload CRC-32 \(hex(actual)), header says \(hex(crc))")
        }
        let payload = flags.contains(.compressed) ? try Zlib.inflate(sent.readableBytesView, size: Int(declared)) : sent
        buffer.moveReaderIndex(forwardBy: Frame.prefixedHeaderSize + sentSize)
        return Frame(type: type, flags: flags, payload: payload)
    }

    /// NIO entry point: see `decodeFrame(from:)`.
    public mutating func decode(buffer: inout ByteBuffer) throws -> Frame? {
        try decodeFrame(from: &buffer)
    }

    /// NIO entry point at end of stream: a partial frame left over is `.truncated`.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> Frame? {
        if let frame = try decodeFrame(from: &buffer) { return frame }
        guard buffer.readableBytes == 0 else {
            throw WireError(.truncated, "stream ended inside a frame (\(buffer.readableBytes) bytes)")
        }
        return nil
    }

    /// Decodes every frame of a complete stream; bytes at the end that are not a whole frame are `.truncated`.
    public func frames(in stream: ByteBuffer) throws(WireError) -> [Frame] {
        var buffer = stream
        var frames: [Frame] = []
        while buffer.readableBytes > 0 {
            guard let frame = try decodeFrame(from: &buffer) else {
                throw WireError(.truncated, "stream ended inside a frame (\(buffer.readableBytes) bytes)")
            }
            frames.append(frame)
        }
        return frames
    }

    /// Decodes every message of a complete stream of frames.
    public func messages(in bytes: some Collection<UInt8>) throws(WireError) -> [WireMessage] {
        var messages: [WireMessage] = []
        for frame in try frames(in: ByteBuffer(bytes: bytes)) {
            messages.append(try frame.message(expandedLimit: Int(maxDecompressedSize)))
        }
        return messages
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
