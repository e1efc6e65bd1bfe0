import Foundation
import NIOCore
import TestSupport
import Testing
import Wire

/// The record decoder reads contiguous memory directly; it must accept and refuse exactly what the byte-by-byte
/// definition does, whatever container the bytes come in.
@Suite struct FastDecodeTests {
    @Test func everyContainerDecodesTheSameRecord() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0F01)
        for index in 0..<1_000 {
            let record = arbitrary.record()
            let bytes = record.encodedBytes
            var buffer = ByteBuffer(bytes: [0xEE] + bytes + [0xFF])
            buffer.moveReaderIndex(forwardBy: 1)
            #expect(try RecordState.read(from: &buffer) == record, "record \(index)")
            #expect(buffer.readableBytes == 1, "the reader stops right after the record")
            #expect(try RecordState(encodedBytes: Data(bytes)) == record)
            #expect(try RecordState(encodedBytes: ([0xEE] + bytes)[1...]) == record)
            #expect(try bytes.withUnsafeBytes { try RecordState(encodedBytes: $0) } == record)
            #expect(try RecordState(encodedBytes: bytes.lazy.map { $0 }) == record, "non-contiguous input")
        }
    }

    static func code(_ bytes: ArraySlice<UInt8>) -> WireError.Code? {
        do {
            _ = try RecordState(encodedBytes: bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func everyTruncationIsRefusedAsTruncated() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0F02)
        for _ in 0..<200 {
            let bytes = arbitrary.record().encodedBytes
            for length in 0..<bytes.count {
                #expect(Self.code(bytes[..<length]) == .truncated, "cut at \(length) of \(bytes.count)")
            }
        }
    }

    @Test func decimalsDecodeExactlyWhenTheirTextIsCanonical() throws {
        var generator = SeededGenerator(seed: 0x7A11_0F03)
        let alphabet = Array("-+0123456789.".utf8)
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...6, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let text = String(decoding: bytes, as: UTF8.self)
            var buffer = ByteBuffer()
            buffer.writeInteger(UInt8(3))
            buffer.writeLengthPrefixedString(text)
            let canonical = ExactDecimal(text).map { $0.text == text } ?? false
            do {
                let value = try FieldValue.read(from: &buffer)
                #expect(canonical, "\"\(text)\" decoded but is not canonical")
                #expect(value == .decimal(ExactDecimal(text)!))
                #expect(buffer.readableBytes == 0)
            } catch {
                #expect(!canonical, "\"\(text)\" refused but is canonical")
                #expect(error.code == .invalidValue)
                #expect(buffer.readerIndex == 0, "a refused value consumes nothing")
            }
        }
    }

    @Test func invalidUTF8IsRefusedInIdsNamesAndValues() throws {
        let site = SiteID(high: 1, low: 2)
        let clock = HLCTimestamp(rawValue: 5)
        let record = RecordState(
            id: "r-1", type: .tally, versionVector: VersionVector([(site, clock)]),
            liveness: [FieldWrite(value: .bool(true), clock: clock, site: site)],
            fields: [
                RecordState.Field(name: "note", writes: [FieldWrite(value: .string("ab"), clock: clock, site: site)])
            ]
        )
        var bytes = record.encodedBytes
        let at = bytes.count - 2  // the string value's first byte
        #expect(bytes[at] == UInt8(ascii: "a"))
        bytes[at] = 0xC3  // a lead byte followed by ASCII: invalid UTF-8
        #expect(Self.code(bytes[...]) == .malformedPayload)
    }
}
