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
