import NIOCore
import Testing
import Wire

/// The 6-byte preamble: magic `TALY` and the frame-layer version.
@Suite struct PreambleTests {
    static func code(_ bytes: [UInt8], supported: ClosedRange<UInt16> = 1...1) -> WireError.Code? {
        var buffer = ByteBuffer(bytes: bytes)
        do {
            _ = try PreambleDecoder(supported: supported).decodeOrThrow(&buffer)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func preambleIsTalyThenVersionOne() {
        #expect(Preamble.bytes() == [0x54, 0x41, 0x4C, 0x59, 0x00, 0x01])
        var buffer = ByteBuffer()
        Preamble.write(version: 0x0203, to: &buffer)
        #expect(Array(buffer.readableBytesView) == [0x54, 0x41, 0x4C, 0x59, 0x02, 0x03])
    }

    @Test func goodPreambleIsConsumedAndTheFrameAfterItIsLeft() throws {
        var buffer = ByteBuffer(bytes: Preamble.bytes())
        try FrameEncoder().encode(.ping(Ping(nonce: 9)), into: &buffer)
        #expect(PreambleDecoder().decode(&buffer) == .ok(version: 1))
        #expect(try FrameDecoder().frames(in: buffer).map { try $0.message() } == [.ping(Ping(nonce: 9))])
    }

    @Test func everyShorterPrefixNeedsMoreDataAndConsumesNothing() {
        let bytes = Preamble.bytes()
        for count in 0..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes.prefix(count))
            #expect(PreambleDecoder().decode(&buffer) == .needMoreData)
            #expect(buffer.readableBytes == count)
        }
    }

    @Test func wrongMagicIsBadMagicAsSoonAsOneByteDiffers() {
        #expect(PreambleTests.code([0x47]) == .badMagic)  // "G" of an HTTP "GET"
        #expect(PreambleTests.code(Array("GET / HTTP/1.1\r\n".utf8)) == .badMagic)
        #expect(PreambleTests.code([0x54, 0x41, 0x4C, 0x58, 0, 1]) == .badMagic)
        #expect(PreambleTests.code([0x16, 0x03, 0x01]) == .badMagic)  // a TLS ClientHello on a plain port
    }

    @Test func versionNotSpokenIsUnsupportedVersion() {
        #expect(PreambleTests.code([0x54, 0x41, 0x4C, 0x59, 0, 2]) == .unsupportedVersion)
        #expect(PreambleTests.code([0x54, 0x41, 0x4C, 0x59, 0, 0]) == .unsupportedVersion)
        #expect(PreambleTests.code([0x54, 0x41, 0x4C, 0x59, 0, 2], supported: 1...2) == nil)
        var buffer = ByteBuffer(bytes: [0x54, 0x41, 0x4C, 0x59, 0xFF, 0xFF])
        #expect(PreambleDecoder().decode(&buffer) == .unsupportedVersion(0xFFFF))
    }
}
