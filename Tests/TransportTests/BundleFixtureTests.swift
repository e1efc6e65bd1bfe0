import Foundation
import Testing
import Transport
import Wire

/// The golden bundle of Fixtures/bundles: the bundle code writes exactly its bytes and reads back its value, and
/// Protocol.md quotes its annotated twin.
@Suite struct BundleFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bundles")
    static let site = SiteID(hex: "3f1c9a0e7b2d4c6a8e5f0a1b2c3d4e5f")!
    static let clock = HLCTimestamp(milliseconds: 1_719_820_800_000, counter: 0)
    static let epoch: UInt64 = 0x5eed_2024_0000_0001

    static let header = BundleHeader(
        creator: site, createdAt: HLCTimestamp(milliseconds: 1_719_820_800_000, counter: 1), target: nil,
        datasets: [BundleDatasetRange(name: "fr-2024", kind: .election, epoch: epoch, after: 0, through: 1)]
    )
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

    static func hexTwin() throws -> [UInt8] {
        let text = try String(contentsOf: directory.appendingPathComponent("01-small.hex"), encoding: .utf8)
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n") {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in code.split(separator: " ") { bytes.append(UInt8(token, radix: 16)!) }
        }
        return bytes
    }

    @Test func fixtureIsWhatTheEncoderWritesAndReadsBackToItsValue() throws {
        let path = BundleFixtureTests.directory.appendingPathComponent("01-small.bin").path
        let golden = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let encoded = try BundleFormat.encode(header: BundleFixtureTests.header, batches: [BundleFixtureTests.batch])
        #expect(encoded == golden)
        #expect(try BundleFixtureTests.hexTwin() == golden)

        let reader = BundleReader(path: path)
        let summary = try reader.verify()
        #expect(summary.header == BundleFixtureTests.header)
        #expect(summary.trailer.batchCount == 1 && summary.trailer.recordCount == 1)
        var batches: [RecordBatch] = []
        let stream = try reader.batches()
        while let batch = try stream.nextBatch() { batches.append(batch) }
        #expect(batches == [BundleFixtureTests.batch])
    }

    @Test func protocolQuotesTheAnnotatedTwin() throws {
        let root = BundleFixtureTests.directory.deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("Protocol.md"), encoding: .utf8)
        let twinFile = BundleFixtureTests.directory.appendingPathComponent("01-small.hex")
        let twin = try String(contentsOf: twinFile, encoding: .utf8)
        #expect(document.contains("```text\n" + twin + "```"))
    }
}
