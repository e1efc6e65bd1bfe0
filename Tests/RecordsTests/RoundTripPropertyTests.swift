import Records
import Testing
import Wire

/// Random valid records written in each format and read back are equal, and writing is deterministic.
@Suite struct RoundTripPropertyTests {
    static let cases = 3000

    func roundTrip(_ format: RecordFormat, kind: DatasetKind?, seed: UInt64) throws {
        var random = RandomRecords(seed: seed)
        var batch: [Record] = []
        for index in 0..<Self.cases {
            // A file holds each id once (a reader refuses the same id twice).
            var record = random.record(kind: kind)
            while batch.contains(where: { $0.id == record.id }) { record = random.record(kind: kind) }
            batch.append(record)
            guard batch.count == 50 || index == Self.cases - 1 else { continue }
            var writer = format.writer(kind: kind)
            var bytes: [UInt8] = []
            for record in batch { try writer.write(record, into: &bytes) }
            writer.finish(into: &bytes)
            var reader = try format.reader(source: MemoryByteSource(bytes), kind: kind)
            var read: [Record] = []
            while let record = try reader.next() { read.append(record) }
            #expect(read == batch, "\(format) batch ending at case \(index)")
            if read != batch { return }
            var again = format.writer(kind: kind)
            var rewritten: [UInt8] = []
            for record in read { try again.write(record, into: &rewritten) }
            again.finish(into: &rewritten)
            #expect(rewritten == bytes)
            batch.removeAll()
        }
    }

    @Test func ndjsonRoundTrips() throws {
        try roundTrip(.ndjson, kind: nil, seed: 1)
    }

    @Test func jsonRoundTrips() throws {
        try roundTrip(.json, kind: nil, seed: 2)
    }

    @Test func csvRoundTripsElectionDatasets() throws {
        try roundTrip(.csv, kind: .election, seed: 3)
    }

    @Test func csvRoundTripsStatementDatasets() throws {
        try roundTrip(.csv, kind: .statement, seed: 4)
    }

    @Test func csvRoundTripsAnyTypes() throws {
        try roundTrip(.csv, kind: nil, seed: 5)
    }

    @Test func singleLineDecodeMatchesTheWriter() throws {
        var random = RandomRecords(seed: 6)
        for _ in 0..<Self.cases {
            let record = random.record()
            var line = NDJSONWriter.line(for: record)
            line.removeLast()
            #expect(try NDJSONReader.decode(line: line) == record)
        }
    }

    /// Random byte damage to valid lines never crashes the reader: it gives a record or an error with line 1.
    @Test func damagedLinesGiveErrorsNotCrashes() {
        var random = RandomRecords(seed: 7)
        let alphabet: [UInt8] = Array("{}[]\",:\\u0 9e.-tfn".utf8) + [0x00, 0x0D, 0xC3, 0xFF]
        for _ in 0..<Self.cases {
            var bytes = Array(NDJSONWriter.line(for: random.record()).utf8.dropLast())
            for _ in 0..<random.int(1...3) {
                let position = random.int(0...(bytes.count - 1))
                switch random.int(0...2) {
                case 0: bytes[position] = alphabet[random.int(0...(alphabet.count - 1))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet[random.int(0...(alphabet.count - 1))], at: position)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            bytes.removeAll { $0 == 0x0A }
            var reader = NDJSONReader(source: MemoryByteSource(bytes))
            do {
                _ = try reader.next()
            } catch {
                #expect(error.line == 1)
            }
        }
    }
}
