import NIOCore
import Testing
@testable import Wire

/// The frame layer's part of negotiation (Protocol.md §7, §8, §12.2): compression only when agreed, the ERROR
/// code each decoding error is answered with, and the sizes a sender cuts batches by.
@Suite struct NegotiatedFramingTests {
    static let compressedBatch = WireMessage.recordBatch(
        RecordBatch(
            dataset: "fr-2024", batchNumber: 2, records: Samples.nationalResults, cursor: Samples.cursorRoundTwo,
            isLast: true))

    @Test func aCompressedFrameIsRefusedWhenZlibWasNotAgreedAndReadWhenItWas() throws {
        let bytes = try FrameEncoder(allowsCompression: true).encode(Self.compressedBatch)
        var refusing = bytes
        #expect(throws: WireError(.compressionNotAgreed, "a compressed RECORD_BATCH frame, but zlib was not agreed")) {
            _ = try FrameDecoder(acceptsCompression: false).decodeFrame(from: &refusing)
        }
        var accepting = bytes
        let frame = try #require(try FrameDecoder(acceptsCompression: true).decodeFrame(from: &accepting))
        #expect(frame.flags.contains(.compressed))
        #expect(try frame.message() == Self.compressedBatch)
    }

    @Test func anEncoderThatMayNotCompressSendsTheSamePayloadRaw() throws {
        let bytes = try FrameEncoder(allowsCompression: false).encode(Self.compressedBatch)
        var buffer = bytes
        let frame = try #require(try FrameDecoder(acceptsCompression: false).decodeFrame(from: &buffer))
        #expect(!frame.flags.contains(.compressed))
        #expect(try frame.message() == Self.compressedBatch)
    }

    @Test func brokenLimitsAreAnsweredLimitExceededOtherBadBytesProtocolViolation() {
        #expect(WireError.Code.frameTooLarge.answer == .limitExceeded)
        #expect(WireError.Code.declaredSizeTooLarge.answer == .limitExceeded)
        for code in [
            WireError.Code.checksumMismatch, .corruptCompressedData, .inflatedSizeMismatch, .unknownFrameType,
            .unknownFlags, .malformedFrame, .malformedPayload, .invalidValue, .compressionNotAgreed,
        ] {
            #expect(code.answer == .protocolViolation, "\(code)")
        }
        for code in [WireError.Code.truncated, .badMagic, .unsupportedVersion, .frameTooLargeToSend] {
            #expect(code.answer == nil, "\(code)")
        }
    }

    @Test func theMeasuredSizesAreTheEncodedSizes() throws {
        for record in Samples.nationalResults { #expect(record.encodedSize == record.encodedBytes.count) }
        let batch = RecordBatch(
            dataset: "fr-2024", batchNumber: 7, records: Samples.nationalResults, cursor: Samples.cursorRoundTwo,
            isLast: false)
        let measured = RecordBatch.payloadSize(
            dataset: batch.dataset, count: batch.records.count,
            recordBytes: batch.records.reduce(0) { $0 + $1.encodedSize })
        #expect(measured == WireMessage.recordBatch(batch).payload.readableBytes)
    }

    @Test func theLargestPayloadFitsARawFrameAndTheDecompressedLimit() {
        var capabilities = Capabilities.defaults
        capabilities.maxFrameSize = 4_096
        #expect(capabilities.largestPayload == 4_086)
        capabilities.maxDecompressedSize = 1_000
        #expect(capabilities.largestPayload == 1_000)
    }
}
