import Foundation
import Records
import Testing
import Wire

/// `Fixtures/datasets/*.nist.json` and `*.popolo.json` (the fuzz seeds of `NISTFuzzer` and `PopoloFuzzer`) are what
/// `tally export --format nist|popolo` writes for the NDJSON sample of the same name: reading one gives that
/// sample's records, and writing those records gives the fixture's bytes.
@Suite struct StandardFormatFixtureTests {
    static let fixtures: [(file: String, sample: String, format: RecordFormat)] = [
        ("fr-legislative-2024.nist.json", "fr-legislative-2024.ndjson", .nist),
        ("peskov-statements-2024.popolo.json", "peskov-statements-2024.ndjson", .popolo),
    ]

    static func records(_ name: String, _ format: RecordFormat) throws -> [Record] {
        var reader = try format.reader(path: packageRoot + "/Fixtures/datasets/" + name, kind: format.datasetKind)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test(arguments: fixtures.map(\.file))
    func theFixtureHoldsTheRecordsOfItsSampleAndIsWhatExportWrites(file: String) throws {
        let fixture = try #require(Self.fixtures.first { $0.file == file })
        let sample = try Self.records(fixture.sample, .ndjson)
        let read = try Self.records(file, fixture.format)
        #expect(read.sorted(by: Record.exportOrder) == sample)
        var writer = fixture.format.writer(kind: fixture.format.datasetKind)
        var bytes: [UInt8] = []
        for record in sample { try writer.write(record, into: &bytes) }
        writer.finish(into: &bytes)
        let stored = try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/Fixtures/datasets/" + file))
        #expect(bytes == Array(stored))
    }
}
