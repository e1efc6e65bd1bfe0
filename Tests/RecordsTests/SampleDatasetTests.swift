import Records
import Testing
import Wire

@Suite struct SampleDatasetTests {
    static let files: [(String, DatasetKind)] = [
        ("fr-legislative-2024.ndjson", .election),
        ("fr-legislative-2022.ndjson", .election),
        ("peskov-statements-2024.ndjson", .statement),
    ]

    static func read(_ name: String, kind: DatasetKind) throws -> (records: [Record], bytes: [UInt8]) {
        let path = packageRoot + "/Fixtures/datasets/" + name
        var reader = try NDJSONReader(path: path, kind: kind)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        var bytes: [UInt8] = []
        let source = try FileByteSource(path: path)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return (records, bytes)
    }

    @Test(arguments: files.map(\.0))
    func fileIsCanonicalNDJSON(name: String) throws {
        let kind = Self.files.first { $0.0 == name }!.1
        let (records, bytes) = try Self.read(name, kind: kind)
        #expect(!records.isEmpty)
        #expect(NDJSONWriter.encode(records) == bytes)
        #expect(records == records.sorted(by: Record.exportOrder), "in export order")
        #expect(Set(records.map(\.id)).count == records.count, "ids are unique")
        for record in records where RecordSchema.for(record.type).field(named: "sources") != nil {
            #expect(record["sources"] != .null, "\(record.id) has sources")
        }
    }

    @Test(arguments: files.map(\.0))
    func fileSurvivesJSONAndCSV(name: String) throws {
        let kind = Self.files.first { $0.0 == name }!.1
        let records = try Self.read(name, kind: kind).records
        for format in [RecordFormat.json, .csv] {
            var writer = format.writer(kind: kind)
            var bytes: [UInt8] = []
            for record in records { try writer.write(record, into: &bytes) }
            writer.finish(into: &bytes)
            var reader = try format.reader(source: MemoryByteSource(bytes), kind: kind)
            var read: [Record] = []
            while let record = try reader.next() { read.append(record) }
            #expect(read == records, "\(format)")
        }
    }

    @Test func the2024ElectionHoldsTheMinistryFigures() throws {
        let records = try Self.read("fr-legislative-2024.ndjson", kind: .election).records
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        let election = try #require(byID["fr-legislative-2024"])
        #expect(election["round_dates"] == .list(["2024-06-30", "2024-07-07"]))
        #expect(election["seats_total"] == .int(577))
        let ug = try #require(byID["fr-legislative-2024:r1:FR:UG"])
        #expect(ug["votes"] == .int(8_974_566))
        #expect(ug["share"] == decimal("27.99"))
        #expect(byID["fr-legislative-2024:r2:FR:UG"]?["seats"] == .int(178))
        #expect(byID["fr-legislative-2024:r1:FR"]?["registered"] == .int(49_332_761))
        #expect(byID["fr-legislative-2024:r1:FR"]?["ballots_cast"] == .int(32_910_888))
        #expect(byID["alliance:RN-allies"]?["member_ids"] == .list(["label:RN", "label:UXD"]))
        #expect(byID["alliance:NFP"]?["classification"] == .enumeration("alliance"))
    }

    @Test func peskovsNoHopeStatementIsCodedNegativeWithoutPuttingWordsInHisMouth() throws {
        let records = try Self.read("peskov-statements-2024.ndjson", kind: .statement).records
        let statements = records.filter { $0.type == .statement }
        #expect(statements.count == 3)
        for statement in statements {
            guard case .string(let text) = statement["text"] else {
                Issue.record("no text")
                continue
            }
            #expect(!text.lowercased().contains("disappoint"))
            #expect(statement["language"] == .string("en"))
            #expect(statement["kind"] == .enumeration("press_briefing"))
        }
        let noHope = try #require(records.first { $0.id == "statement:peskov-2024-07-08-no-hope" })
        #expect(noHope["date"] == date("2024-07-08"))
        #expect(noHope["stance"] == .enumeration("negative"))
        #expect(noHope["stance_target"] == .string("election outcome"))
        guard case .string(let text) = noHope["text"] else { return }
        #expect(text.hasSuffix("so we do not harbor any hope or particular illusion."))
    }
}
