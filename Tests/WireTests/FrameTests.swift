import NIOCore
import TestSupport
import Testing
import Wire

/// Frames: the encoder's compression rule, the incremental decoder over every split, and each malformed input's
/// distinct error code.
@Suite struct FrameTests {
    /// A batch big enough to compress (the national results of 2024).
    static let bigBatch = WireMessage.recordBatch(
        RecordBatch(
            dataset: "fr-2024", batchNumber: 2, records: Samples.nationalResults, cursor: Samples.cursorRoundTwo,
            isLast: true
        ))
    static let smallMessage = WireMessage.ping(Ping(nonce: 42))

    /// Builds a frame by hand: length, type, flags, declared size, CRC (computed unless given), payload bytes.
    static func frame(
        type: UInt8,
        flags: UInt8 = 0,
        declared: UInt32? = nil,
        crc: UInt32? = nil,
        payload: [UInt8],
        length: UInt32? = nil
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(length ?? UInt32(10 + payload.count), endianness: .big)
        buffer.writeInteger(type)
        buffer.writeInteger(flags)
        buffer.writeInteger(declared ?? UInt32(payload.count), endianness: .big)
        buffer.writeInteger(crc ?? CRC32.checksum(payload), endianness: .big)
        buffer.writeBytes(payload)
        return buffer
    }

    static func code(_ body: () throws -> Void) -> WireError.Code? {
        do {
            try body()
            return nil
        } catch let error as WireError {
            return error.code
        } catch {
            return nil
        }
    }

    static func decodeAll(_ buffer: ByteBuffer, decoder: FrameDecoder = FrameDecoder()) -> WireError.Code? {
        code { _ = try decoder.frames(in: buffer) }
    }

    @Test func smallPayloadsTravelUncompressed() throws {
        let frames = try FrameDecoder().frames(in: FrameEncoder().encode(FrameTests.smallMessage))
        #expect(frames.map(\.flags) == [[]])
        #expect(try frames.map { try $0.message() } == [FrameTests.smallMessage])
    }

    @Test func largeCompressiblePayloadsAreCompressedAndComeBackEqual() throws {
        let encoded = try FrameEncoder().encode(FrameTests.bigBatch)
        let payloadSize = FrameTests.bigBatch.payload.readableBytes
        #expect(encoded.readableBytes - Frame.prefixedHeaderSize <= payloadSize * 7 / 8)
        let frames = try FrameDecoder().frames(in: encoded)
        #expect(frames.map(\.flags) == [.compressed])
        #expect(try frames[0].message() == FrameTests.bigBatch)
    }

    @Test func compressionCanBeTurnedOffAndLevelChanged() throws {
        let raw = try FrameEncoder(allowsCompression: false).encode(FrameTests.bigBatch)
        #expect(raw.readableBytes == FrameTests.bigBatch.payload.readableBytes + Frame.prefixedHeaderSize)
        let fast = try FrameEncoder(compressionLevel: 1).encode(FrameTests.bigBatch)
        let best = try FrameEncoder(compressionLevel: 9).encode(FrameTests.bigBatch)
        #expect(best.readableBytes <= fast.readableBytes)
        #expect(try FrameDecoder().frames(in: fast).map { try $0.message() } == [FrameTests.bigBatch])
        let agreed = Capabilities(
            maxFrameSize: 1 << 20, maxDecompressedSize: 1 << 20, compression: [], window: 1,
            features: [])
        #expect(try FrameDecoder().frames(in: FrameEncoder(agreed: agreed).encode(FrameTests.bigBatch))[0].flags == [])
    }

    @Test func incompressiblePayloadsTravelRawEvenWhenLarge() throws {
        // 60 random digests with one-character ids: over 1 KiB that deflate cannot shrink by an eighth.
        var generator = SeededGenerator(seed: 7)
        let ids = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx").map { String($0) }
        let items = ids.map { ReconcileItem(id: $0, digest: Digest128(high: generator.next(), low: generator.next())) }
        let message = WireMessage.reconcileReply(
            ReconcileReply(
                dataset: "fr-2024", ranges: [ReconcileRange(upperBound: "", mode: .idList(items))]
            ))
        #expect(message.payload.readableBytes > 1_000)
        let frames = try FrameDecoder().frames(in: FrameEncoder().encode(message))
        #expect(frames[0].flags == [])
        #expect(try frames[0].message() == message)
    }

    @Test func encoderRefusesFramesOverThePeersLimits() {
        let encoder = FrameEncoder(allowsCompression: false, maxFrameSize: 64, maxDecompressedSize: 1 << 20)
        var out = ByteBuffer()
        #expect(FrameTests.code { try encoder.encode(FrameTests.bigBatch, into: &out) } == .frameTooLargeToSend)
        #expect(out.readableBytes == 0)
        let small = FrameEncoder(maxDecompressedSize: 100)
        #expect(FrameTests.code { try small.encode(FrameTests.bigBatch, into: &out) } == .frameTooLargeToSend)
    }

    @Test func decoderFedAStreamSplitAtEveryPositionGivesTheSameFrames() throws {
        var stream = ByteBuffer()
        let messages = [
            FrameTests.smallMessage, FrameTests.bigBatch, .listDatasets(ListDatasets()),
            Samples.fixtures[0].message,
        ]
        for message in messages { try FrameEncoder().encode(message, into: &stream) }
        let bytes = Array(stream.readableBytesView)
        for split in 0...bytes.count {
            var decoder = FrameDecoder()
            var buffer = ByteBuffer()
            var frames: [Frame] = []
            for part in [bytes[..<split], bytes[split...]] {
                buffer.writeBytes(part)
                while let frame = try decoder.decode(buffer: &buffer) { frames.append(frame) }
            }
            #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == nil)
            #expect(try frames.map { try $0.message() } == messages, "split at \(split)")
        }
    }

    @Test func decoderFedOneByteAtATimeGivesTheSameMessages() throws {
        var stream = ByteBuffer()
        let messages = Samples.fixtures.map(\.message)
        for message in messages { try FrameEncoder().encode(message, into: &stream) }
        var decoder = WireMessageDecoder()
        var buffer = ByteBuffer()
        var decoded: [WireMessage] = []
        for byte in stream.readableBytesView {
            buffer.writeInteger(byte)
            while let message = try decoder.decode(buffer: &buffer) { decoded.append(message) }
        }
        #expect(decoded == messages)
    }

    // MARK: malformed input, one code each

    @Test func truncatedFrameIsTruncated() throws {
        let whole = try FrameEncoder().encode(FrameTests.bigBatch)
        for cut in [1, 3, 4, 9, 14, whole.readableBytes / 2, whole.readableBytes - 1] {
            var buffer = whole.getSlice(at: 0, length: cut)!
            var decoder = FrameDecoder()
            #expect(try decoder.decode(buffer: &buffer) == nil)
            #expect(FrameTests.code { _ = try decoder.decodeLast(buffer: &buffer, seenEOF: true) } == .truncated)
            #expect(FrameTests.decodeAll(whole.getSlice(at: 0, length: cut)!) == .truncated)
        }
    }

    @Test func lengthOverTheLimitIsRejectedAsSoonAsTheFourLengthBytesArrive() throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(1_025), endianness: .big)
        var decoder = FrameDecoder(maxFrameSize: 1_024, maxDecompressedSize: 4_096)
        #expect(FrameTests.code { _ = try decoder.decode(buffer: &buffer) } == .frameTooLarge)
        #expect(buffer.readableBytes == 4)
        var header = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF])
        #expect(try decoder.decode(buffer: &header) == nil)
    }

    @Test func declaredSizeOverTheLimitIsRejectedAsSoonAsTheHeaderArrives() throws {
        let full = FrameTests.frame(type: 0x21, flags: 1, declared: 70_000, payload: [1, 2, 3])
        var header = full.getSlice(at: 0, length: Frame.prefixedHeaderSize)!
        var decoder = FrameDecoder(maxFrameSize: 1_024, maxDecompressedSize: 65_536)
        #expect(FrameTests.code { _ = try decoder.decode(buffer: &header) } == .declaredSizeTooLarge)
        var shorter = full.getSlice(at: 0, length: Frame.prefixedHeaderSize - 1)!
        #expect(try decoder.decode(buffer: &shorter) == nil)
    }

    @Test func crcMismatchIsRejectedBeforeInflating() throws {
        var good = try FrameEncoder().encode(FrameTests.bigBatch)
        let crcIndex = good.readerIndex + 10
        let crc = good.getInteger(at: crcIndex, endianness: .big, as: UInt32.self)!
        good.setInteger(crc ^ 1, at: crcIndex, endianness: .big)
        #expect(FrameTests.decodeAll(good) == .checksumMismatch)
        // A payload byte flipped with the header left alone.
        var flipped = try FrameEncoder().encode(FrameTests.smallMessage)
        let last = flipped.writerIndex - 1
        flipped.setInteger(flipped.getInteger(at: last, as: UInt8.self)! ^ 0x80, at: last)
        #expect(FrameTests.decodeAll(flipped) == .checksumMismatch)
    }

    @Test func corruptZlibIsCorruptCompressedData() throws {
        let garbage: [UInt8] = [0x78, 0x9C, 0xFF, 0xFF, 0x00, 0x13, 0x37, 0x00]
        #expect(
            FrameTests.decodeAll(FrameTests.frame(type: 0x21, flags: 1, declared: 64, payload: garbage))
                == .corruptCompressedData)
        let notZlib: [UInt8] = Array("plain text, not a zlib stream".utf8)
        #expect(
            FrameTests.decodeAll(FrameTests.frame(type: 0x21, flags: 1, declared: 64, payload: notZlib))
                == .corruptCompressedData)
        // A valid stream cut short (CRC recomputed, so only zlib can tell).
        let stream = Deflate.compress(Array(repeating: 0x41, count: 1_000))
        let cut = Array(stream.dropLast(6))
        #expect(
            FrameTests.decodeAll(FrameTests.frame(type: 0x21, flags: 1, declared: 1_000, payload: cut))
                == .corruptCompressedData)
        // Bytes after the end of the stream.
        #expect(
            FrameTests.decodeAll(FrameTests.frame(type: 0x21, flags: 1, declared: 1_000, payload: stream + [0]))
                == .corruptCompressedData)
    }

    @Test func inflatedSizeDifferentFromDeclaredIsAMismatchBothWays() {
        let stream = Deflate.compress(Array(repeating: 0x41, count: 1_000))
        for declared: UInt32 in [0, 999, 1_001, 4_096] {
            let frame = FrameTests.frame(type: 0x21, flags: 1, declared: declared, payload: stream)
            #expect(FrameTests.decodeAll(frame) == .inflatedSizeMismatch, "declared \(declared)")
        }
        #expect(
            FrameTests.decodeAll(FrameTests.frame(type: 0x21, flags: 1, declared: 1_000, payload: stream))
                == nil)
    }

    @Test func decompressionBombErrorsWithoutInflatingIt() {
        // 32 MiB of zeros deflate to about 32 KiB; the frame declares 1 KiB, so the decoder allocates 1 KiB and
        // stops at the first byte past it.
        let bomb = Deflate.zeros(count: 32 << 20)
        #expect(bomb.count < 64 << 10)
        let frame = FrameTests.frame(type: 0x21, flags: 1, declared: 1_024, payload: bomb)
        #expect(FrameTests.decodeAll(frame) == .inflatedSizeMismatch)
        // Declaring a huge size is refused from the header alone, before any inflating.
        let honest = FrameTests.frame(type: 0x21, flags: 1, declared: .max, payload: bomb)
        #expect(FrameTests.decodeAll(honest) == .declaredSizeTooLarge)
    }

    @Test func unknownFrameTypeIsUnknownFrameType() {
        for type: UInt8 in [0x00, 0x07, 0x12, 0x28, 0x33, 0xFF] {
            #expect(FrameTests.decodeAll(FrameTests.frame(type: type, payload: [])) == .unknownFrameType)
            #expect(
                FrameTests.code { _ = try WireMessage.decode(type: type, payload: ByteBuffer()) }
                    == .unknownFrameType)
        }
    }

    @Test func unknownFlagsAreUnknownFlags() {
        for flags: UInt8 in [0x02, 0x80, 0x03, 0xFF] {
            #expect(
                FrameTests.decodeAll(FrameTests.frame(type: 0x05, flags: flags, payload: [0, 0, 0, 0, 0, 0, 0, 1]))
                    == .unknownFlags)
        }
    }

    @Test func headerThatContradictsItselfIsMalformedFrame() {
        #expect(FrameTests.decodeAll(FrameTests.frame(type: 0x10, payload: [], length: 9)) == .malformedFrame)
        #expect(FrameTests.decodeAll(FrameTests.frame(type: 0x04, declared: 5, payload: [0, 0, 0])) == .malformedFrame)
    }

    @Test func payloadThatDoesNotParseIsMalformedPayload() {
        // PING with 7 bytes, GOODBYE with a byte left over, LIST_DATASETS with a byte.
        #expect(
            FrameTests.code {
                _ = try FrameDecoder().frames(in: FrameTests.frame(type: 0x05, payload: [0, 0, 0, 0, 0, 0, 1]))[0]
                    .message()
            } == .malformedPayload)
        #expect(
            FrameTests.code {
                _ = try FrameDecoder().frames(in: FrameTests.frame(type: 0x04, payload: [0, 0]))[0].message()
            } == .malformedPayload)
        #expect(
            FrameTests.code {
                _ = try FrameDecoder().frames(in: FrameTests.frame(type: 0x10, payload: [0]))[0].message()
            } == .malformedPayload)
    }

    @Test func eachMalformedInputHasItsOwnCode() {
        let codes: [WireError.Code] = [
            .truncated, .frameTooLarge, .declaredSizeTooLarge, .checksumMismatch, .corruptCompressedData,
            .inflatedSizeMismatch, .unknownFrameType, .unknownFlags, .badMagic, .unsupportedVersion,
            .malformedPayload, .invalidValue, .malformedFrame, .frameTooLargeToSend,
        ]
        #expect(Set(codes).count == codes.count)
        #expect(Set(codes.map(\.description)).count == codes.count)
    }
}
