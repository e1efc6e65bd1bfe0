import NIOCore
import Testing
import Wire

/// Round trips over thousands of random records and messages (seeded, reproducible).
@Suite struct PropertyTests {
    @Test func randomRecordsRoundTripAndEqualStatesHaveEqualBytes() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0001)
        for index in 0..<3_000 {
            let record = arbitrary.record()
            let bytes = record.encodedBytes
            let decoded = try RecordState(encodedBytes: bytes)
            #expect(decoded == record, "record \(index)")
            #expect(decoded.encodedBytes == bytes, "record \(index)")
        }
    }

    @Test func randomMessagesRoundTripThroughPayloadAndFrame() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0002)
        let encoder = FrameEncoder()
        let decoder = FrameDecoder()
        for index in 0..<3_000 {
            let message = arbitrary.message()
            #expect(try WireMessage.decode(type: message.type, payload: message.payload) == message, "message \(index)")
            let frames = try decoder.frames(in: encoder.encode(message))
            #expect(frames.count == 1)
            #expect(try frames.first?.message() == message, "message \(index)")
        }
    }

    @Test func randomStreamsDecodeTheSameWhateverTheChunking() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0003)
        for _ in 0..<200 {
            let messages = arbitrary.list(6) { $0.message() }
            var stream = ByteBuffer()
            for message in messages { try FrameEncoder().encode(message, into: &stream) }
            var decoder = WireMessageDecoder()
            var buffer = ByteBuffer()
            var decoded: [WireMessage] = []
            var bytes = stream.readableBytesView[...]
            while !bytes.isEmpty {
                let take = min(bytes.count, arbitrary.int(1...64))
                buffer.writeBytes(bytes.prefix(take))
                bytes = bytes.dropFirst(take)
                while let message = try decoder.decode(buffer: &buffer) { decoded.append(message) }
            }
            #expect(decoded == messages)
        }
    }

    @Test func randomSingleByteCorruptionNeverCrashesAndNeverPassesSilently() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0004)
        for _ in 0..<1_000 {
            let message = arbitrary.message()
            var frame = try FrameEncoder().encode(message)
            let index = frame.readerIndex + arbitrary.int(0...(frame.readableBytes - 1))
            let flip = UInt8(arbitrary.int(1...255))
            frame.setInteger(frame.getInteger(at: index, as: UInt8.self)! ^ flip, at: index)
            do {
                let decoded = try FrameDecoder().frames(in: frame).map { try $0.message() }
                // A flip can only go unnoticed if it lands in a field the CRC does not cover and the header still
                // agrees (the type byte onto another type whose payload parses): never the same message.
                #expect(decoded != [message])
            } catch {
                #expect(error is WireError)
            }
        }
    }
}

/// A batch sent from stored encodings is, byte for byte, the batch of the same records decoded: a receiver cannot
/// tell them apart, and `EncodedRecords` gives back exactly the records it was made of.
@Suite struct EncodedRecordBatchTests {
    @Test func aBatchOfStoredEncodingsHasTheBytesOfTheSameBatchDecoded() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0021)
        let encoder = FrameEncoder()
        for index in 0..<500 {
            let records = arbitrary.list(40) { $0.record() }
            var stored = EncodedRecords()
            for record in records { record.encodedBytes.withUnsafeBytes { stored.append(canonical: $0) } }
            let dataset = arbitrary.id()
            let cursor = arbitrary.cursor()
            let isLast = arbitrary.chance(50)
            let decoded = RecordBatch(
                dataset: dataset, batchNumber: UInt64(index), records: records, cursor: cursor, isLast: isLast)
            let encoded = EncodedRecordBatch(
                dataset: dataset, batchNumber: UInt64(index), records: stored, cursor: cursor, isLast: isLast)
            #expect(WireMessage.encodedRecordBatch(encoded).payload == WireMessage.recordBatch(decoded).payload)
            #expect(encoded.payloadSize == WireMessage.recordBatch(decoded).payload.readableBytes)
            #expect(stored == EncodedRecords(records))
            #expect(try stored.decoded() == records, "batch \(index)")
            #expect(try stored.first() == records.first)
            // What the receiver decodes is the batch of decoded records.
            let frame = try encoder.encode(.encodedRecordBatch(encoded))
            #expect(try FrameDecoder().frames(in: frame).first?.message() == .recordBatch(decoded))
        }
    }
}
