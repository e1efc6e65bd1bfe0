import Records
import TestSupport
import Testing
import Wire

/// A source that hands out its bytes in pieces of random size, as pipes and sockets do.
struct ChoppySource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    var rng: SeededGenerator
    let largest: Int

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(RecordError) -> Int {
        let count = min(buffer.count, bytes.count - offset, Int.random(in: 1...largest, using: &rng))
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}

@Suite struct StreamingTests {
    func records(_ count: Int, seed: UInt64) -> [Record] {
        var random = RandomRecords(seed: seed)
        return (0..<count).map { _ in random.record() }
    }

    @Test func linesSplitAcrossAnyReadBoundaryReadTheSame() throws {
        let expected = records(300, seed: 11)
        let bytes = NDJSONWriter.encode(expected)
        for largest in [1, 3, 64, 4096] {
            var reader = NDJSONReader(
                source: ChoppySource(bytes: bytes, rng: SeededGenerator(seed: UInt64(largest)), largest: largest))
            var read: [Record] = []
            while let record = try reader.next() { read.append(record) }
            #expect(read == expected, "pieces of up to \(largest) bytes")
            #expect(reader.lineNumber == expected.count)
        }
    }

    @Test func aFileOfMegabytesStreamsAndNamesTheRightLine() throws {
        var random = RandomRecords(seed: 12)
        var bytes: [UInt8] = []
        var count = 0
        while bytes.count < 5 << 19 {
            NDJSONWriter.append(random.record(of: .tally), to: &bytes)
            count += 1
        }
        bytes += Array(#"{"type":"tally","id":"late"}"#.utf8) + [0x0A]
        var reader = NDJSONReader(
            source: ChoppySource(bytes: bytes, rng: SeededGenerator(seed: 1), largest: 1 << 20), kind: .election)
        var read = 0
        do {
            while try reader.next() != nil { read += 1 }
            Issue.record("the last line should be refused")
        } catch {
            #expect(read == count)
            #expect(error.line == count + 1)
            #expect(error.code == .missingField)
            #expect(error.id == "late")
        }
    }

    @Test func csvRowsSplitAcrossReadBoundariesReadTheSame() throws {
        let expected = records(300, seed: 13)
        var writer = CSVWriter(kind: nil)
        var bytes: [UInt8] = []
        for record in expected { try writer.write(record, into: &bytes) }
        writer.finish(into: &bytes)
        for largest in [1, 5, 4096] {
            var reader = CSVReader(
                source: ChoppySource(bytes: bytes, rng: SeededGenerator(seed: UInt64(largest)), largest: largest))
            var read: [Record] = []
            while let record = try reader.next() { read.append(record) }
            #expect(read == expected, "pieces of up to \(largest) bytes")
        }
    }
}
