import Foundation
import Testing
import Transport
import Wire

/// The golden bundles of Fixtures/bundles, one per format version (01-small: version 1, RECORD_BATCH frames;
/// 02-columns: version 2, the same bundle with its batch as RECORD_COLUMNS): the bundle code writes exactly their
/// bytes and reads back their value, and Protocol.md quotes the annotated twin of each.
@Suite struct BundleFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bundles")
    static let site = SiteID(hex: "3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")!
    static let clock = HLCTimestamp(milliseconds: 1_719_820_800_000, counter: 0)
    static let epoch: UInt64 = 0x5eed_2024_0000_0001

    static func header(version: UInt16) -> BundleHeader {
        BundleHeader(
            formatVersion: version, creator: site, createdAt: HLCTimestamp(milliseconds: 1_719_820_800_000, counter: 1),
            target: nil,
            datasets: [BundleDatasetRange(name: "fr-2024", kind: .election, epoch: epoch, after: 0, through: 1)]
        )
    }
    static let fixtures: [(name: String, version: UInt16)] = [("01-small", 1), ("02-columns", 2)]
    static let batch = RecordBatch(
        dataset: "fr-2024", batchNumber: 1,
        records: [
            RecordState(
                id: "fr", type: .unit, versionVector: VersionVector([(site, clock)]),
                liveness: [FieldWrite(value: .bool(true), clock: clock, site: site)],
                fields: [
                    RecordState.Field(
                        name: "level", writes: [FieldWrite(value: .enumeration("country"), clock: clock, site: site)]
                    ),
                    RecordState.Field(
                        name: "name", writes: [FieldWrite(value: .string("France"), clock: clock, site: site)]
                    ),
                ]
            )
        ],
        cursor: FeedCursor(epoch: epoch, sequence: 1), isLast: true
    )

    static func hexTwin(_ name: String) throws -> [UInt8] {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).hex"), encoding: .utf8)
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n") {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in code.split(separator: " ") { bytes.append(UInt8(token, radix: 16)!) }
        }
        return bytes
    }

    @Test(arguments: BundleFixtureTests.fixtures.map(\.name))
    func fixtureIsWhatTheEncoderWritesAndReadsBackToItsValue(name: String) throws {
        let version = try #require(BundleFixtureTests.fixtures.first { $0.name == name }?.version)
        let header = BundleFixtureTests.header(version: version)
        let path = BundleFixtureTests.directory.appendingPathComponent("\(name).bin").path
        let golden = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let encoded = try BundleFormat.encode(header: header, batches: [BundleFixtureTests.batch])
        #expect(encoded == golden)
        #expect(try BundleFixtureTests.hexTwin(name) == golden)
        // The frame after the header: RECORD_BATCH in version 1, RECORD_COLUMNS from version 2 on.
        let headerLength = Int(UInt32(bigEndian: golden[10..<14].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
        #expect(golden[14 + headerLength + 4] == (version >= 2 ? 0x27 : 0x21))

        let reader = BundleReader(path: path)
        let summary = try reader.verify()
        #expect(summary.header == header)
        #expect(summary.trailer.batchCount == 1 && summary.trailer.recordCount == 1)
        var batches: [RecordBatch] = []
        let stream = try reader.batches()
        while let batch = try stream.nextBatch() { batches.append(batch) }
        #expect(batches == [BundleFixtureTests.batch])
    }

    @Test func aVersion1BundleHoldingRecordColumnsIsRefused() throws {
        // A version-1 reader does not know RECORD_COLUMNS; a version-1 file holding one is not a bundle any writer
        // makes, and is refused whole.
        let bytes = try BundleFormat.encode(
            header: BundleFixtureTests.header(version: 1), batches: [BundleFixtureTests.batch],
            encoder: BundleFormat.frameEncoder(version: 2))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v1-columns-\(UUID()).bundle").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let refused = #expect(throws: TransportError.self) { _ = try BundleReader(path: path).verify() }
        #expect(refused?.message.contains("RECORD_COLUMNS") == true)
    }

    @Test(arguments: BundleFixtureTests.fixtures.map(\.name))
    func protocolQuotesTheAnnotatedTwin(name: String) throws {
        let root = BundleFixtureTests.directory.deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("Protocol.md"), encoding: .utf8)
        let twinFile = BundleFixtureTests.directory.appendingPathComponent("\(name).hex")
        let twin = try String(contentsOf: twinFile, encoding: .utf8)
        #expect(document.contains("```text\n" + twin + "```"))
    }
}
