import NIOCore
import Testing
import Wire

/// `RECORD_COLUMNS` (Protocol.md §10.19): the column layout of a record batch is an exact transform of its
/// `RECORD_BATCH` bytes, canonical (one encoding per batch, anything else refused), never larger, and what makes
/// a results night small on the wire.
@Suite struct RecordColumnsTests {
    /// A results-night batch: `count` tallies of one site, ids and clocks in feed order, as an import writes them.
    static func resultsBatch(count: Int, from first: Int = 0, batchNumber: UInt64 = 1) -> RecordBatch {
        let site = SiteID(high: 0x3F1C_9A0E_7B2D_4C6A, low: 0x8E5F_0A1B_2C3D_4E5F)
        let lists = ["RN", "UG", "ENS", "LR", "DVD", "REC", "DIV", "ECO"]
        let records = (first..<first + count).map { index -> RecordState in
            let station = index / lists.count
            let clock = HLCTimestamp(milliseconds: 1_719_820_800_000 + UInt64(index / 7), counter: UInt16(index % 7))
            let fields: [(String, FieldValue)] = [
                ("election_id", .string("fr-an-2024")),
                ("round", .int(1)),
                ("selection_id", .string(lists[index % lists.count])),
                ("sources", .list(["https://www.resultats-elections.interieur.gouv.fr/legislatives2024/"])),
                ("status", .enumeration("unofficial-complete")),
                ("unit_id", .string("FR-BV-\(String(repeating: "0", count: 6 - "\(station)".count))\(station)")),
                ("votes", .int(Int64((index &* 2_654_435_761) % 900))),
            ]
            return RecordState(
                id: "t-2024-r1-\(station)-\(lists[index % lists.count])", type: .tally,
                versionVector: VersionVector([(site, clock)]),
                liveness: [FieldWrite(value: .bool(true), clock: clock, site: site)],
                fields: fields.map {
                    RecordState.Field(name: $0.0, writes: [FieldWrite(value: $0.1, clock: clock, site: site)])
                }
            )
        }
        return RecordBatch(
            dataset: "fr", batchNumber: batchNumber, records: records,
            cursor: FeedCursor(epoch: 7, sequence: UInt64(first + count)), isLast: false)
    }

    static func encoded(_ batch: RecordBatch) -> EncodedRecordBatch {
        EncodedRecordBatch(
            dataset: batch.dataset, batchNumber: batch.batchNumber, records: EncodedRecords(batch.records),
            cursor: batch.cursor, isLast: batch.isLast)
    }

    static func columns(_ batch: RecordBatch) throws -> [UInt8] {
        var buffer = ByteBuffer()
        try RecordColumns.write(encoded(batch), to: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func read(_ bytes: [UInt8], limit: Int = 64 << 20) throws(WireError) -> RecordBatch {
        guard
            case .recordBatch(let batch) = try WireMessage.decode(
                type: .recordColumns, payload: ByteBuffer(bytes: bytes), expandedLimit: limit)
        else { throw WireError(.malformedPayload, "not a batch") }
        return batch
    }

    @Test func randomBatchesComeBackAsTheSameRecords() throws {
        var arbitrary = Arbitrary(seed: 0x7A11_0031)
        for index in 0..<1_000 {
            let batch = RecordBatch(
                dataset: arbitrary.text(), batchNumber: arbitrary.u64(), records: arbitrary.list(30) { $0.record() },
                cursor: arbitrary.cursor(), isLast: arbitrary.chance(50))
            let bytes = try Self.columns(batch)
            #expect(try Self.read(bytes) == batch, "batch \(index)")
        }
    }

    @Test func everyAcceptedPayloadIsTheOneEncodingOfItsBatch() throws {
        // Strictness: flip, drop or insert a byte anywhere; what still decodes must encode back to those bytes.
        var arbitrary = Arbitrary(seed: 0x7A11_0032)
        var refused = 0
        var accepted = 0
        for _ in 0..<300 {
            let batch =
                arbitrary.chance(50)
                ? Self.resultsBatch(count: arbitrary.int(1...12), from: arbitrary.int(0...5_000))
                : RecordBatch(
                    dataset: arbitrary.text(), batchNumber: arbitrary.u64(), records: arbitrary.list(6) { $0.record() },
                    cursor: arbitrary.cursor(), isLast: arbitrary.chance(50))
            let good = try Self.columns(batch)
            for _ in 0..<20 {
                var bytes = good
                let at = arbitrary.int(0...(bytes.count - 1))
                switch arbitrary.int(0...2) {
                case 0: bytes[at] ^= UInt8(arbitrary.int(1...255))
                case 1: bytes.remove(at: at)
                default: bytes.insert(UInt8(arbitrary.int(0...255)), at: at)
                }
                do {
                    let decoded = try Self.read(bytes)
                    #expect(try Self.columns(decoded) == bytes)
                    accepted += 1
                } catch {
                    refused += 1
                }
            }
        }
        // Most changes are refused; the ones accepted (a different vote count, say) are other valid batches.
        #expect(refused > accepted)
    }

    @Test func aPayloadCutShortOrWithABytePastItsEndIsRefused() throws {
        let bytes = try Self.columns(Self.resultsBatch(count: 3))
        #expect(throws: WireError.self) { _ = try Self.read(bytes + [0]) }
        for cut in 0..<bytes.count {
            #expect(throws: WireError.self) { _ = try Self.read(Array(bytes.prefix(cut))) }
        }
    }

    @Test func nonCanonicalColumnsAreRefusedWithTheirReason() throws {
        let site = SiteID(high: 1, low: 2)
        let clock: UInt64 = 1_000
        // dataset "d", batch 1, one record, the site table, no names, then the record's head.
        func payload(sites: [SiteID], head: [UInt8]) -> [UInt8] {
            var bytes: [UInt8] = [1, 0x64, 0, 0, 0, 0, 0, 0, 0, 1, 1, UInt8(sites.count)]
            for site in sites { bytes += site.bytes }
            bytes += [0]  // names
            bytes += head
            bytes += [6, 1]  // the liveness value: bool true
            bytes += [UInt8](repeating: 0, count: 16) + [1]  // cursor, isLast
            return bytes
        }
        // type 4, id "a" (shares 0), top clock 1000 (zigzag 2000 = d0 0f), one vector entry, site 0, below 0,
        // liveness: one write by site index 0, below 0; no fields.
        let good: [UInt8] = [4, 0, 1, 0x61, 0xD0, 0x0F, 1, 0, 0, 1, 0, 0, 0]
        let batch = try Self.read(payload(sites: [site], head: good))
        #expect(batch.records.first?.versionVector.entries.first?.clock == HLCTimestamp(rawValue: clock))
        // A top clock that is not the vector's highest (every entry below it).
        var notTop = good
        notTop[8] = 1
        #expect(throws: WireError.self) { _ = try Self.read(payload(sites: [site], head: notTop)) }
        // A site in the table that no record uses.
        #expect(throws: WireError.self) {
            _ = try Self.read(payload(sites: [site, SiteID(high: 3, low: 4)], head: good))
        }
        // The same site twice in the table.
        #expect(throws: WireError.self) { _ = try Self.read(payload(sites: [site, site], head: good)) }
    }

    @Test func aPayloadThatWouldExpandPastTheLimitIsRefused() throws {
        let batch = Self.resultsBatch(count: 50)
        let expanded = WireMessage.recordBatch(batch).payload.readableBytes
        let bytes = try Self.columns(batch)
        #expect(try Self.read(bytes, limit: expanded) == batch)
        #expect(throws: WireError.self) { _ = try Self.read(bytes, limit: expanded - 1) }
    }

    @Test func aVersion3EncoderSendsRecordColumnsOnlyWhenTheyAreSmaller() throws {
        let columnsEncoder = FrameEncoder(sendsRecordColumns: true)
        let results = Self.resultsBatch(count: 20)
        let frame = try columnsEncoder.encode(.recordBatch(results))
        let frames = try FrameDecoder(acceptsRecordColumns: true).frames(in: frame)
        #expect(frames.first?.type == .recordColumns)
        #expect(try frames.first?.message() == .recordBatch(results))
        // The same batch from stored encodings gives the same frame.
        #expect(try columnsEncoder.encode(.encodedRecordBatch(Self.encoded(results))) == frame)
        // An empty batch is smaller as a RECORD_BATCH (no tables): it is sent as one.
        let empty = RecordBatch(
            dataset: "fr", batchNumber: 2, records: [], cursor: FeedCursor(epoch: 7, sequence: 20), isLast: true)
        #expect(try FrameDecoder().frames(in: columnsEncoder.encode(.recordBatch(empty))).first?.type == .recordBatch)
        // Other messages are as they were.
        let ping = WireMessage.ping(Ping(nonce: 1))
        #expect(try columnsEncoder.encode(ping) == FrameEncoder().encode(ping))
    }

    @Test func aDecoderThatDidNotAgreeVersion3RefusesRecordColumnsFromTheHeader() throws {
        let frame = try FrameEncoder(sendsRecordColumns: true).encode(.recordBatch(Self.resultsBatch(count: 20)))
        let refused = #expect(throws: WireError.self) { _ = try FrameDecoder().frames(in: frame) }
        #expect(refused?.code == .unknownFrameType)
        // From the 14 header bytes alone.
        var header = ByteBuffer(bytes: Array(frame.readableBytesView.prefix(Frame.prefixedHeaderSize)))
        #expect(throws: WireError.self) { _ = try FrameDecoder().decodeFrame(from: &header) }
    }

    @Test func aResultsNightBatchIsAFractionOfItsRecordBatchOnTheWire() throws {
        // What a national results night looks like in a pull: batches of 2,000 tallies. Compressed, the columns
        // are at most a third of the RECORD_BATCH frame (fixture-sized data, not a benchmark: BENCHMARKS.md has
        // the measured figures at 10^6).
        let batch = Self.resultsBatch(count: 2_000)
        let rows = try FrameEncoder().encode(.recordBatch(batch)).readableBytes
        let columns = try FrameEncoder(sendsRecordColumns: true).encode(.recordBatch(batch)).readableBytes
        #expect(columns * 3 < rows, "columns \(columns) bytes, rows \(rows) bytes")
    }
}
