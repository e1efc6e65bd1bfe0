import Foundation
import Records
import Testing
import Wire

/// `--format popolo`: a statement dataset as Popolo Persons and Speech-like objects, and back, losslessly.
@Suite struct PopoloDocumentTests {
    static func write(_ records: [Record]) throws -> [UInt8] {
        try NISTReportTests.write(records, .popolo)
    }

    static func read(_ bytes: [UInt8], kind: DatasetKind? = .statement) throws -> [Record] {
        try NISTReportTests.read(bytes, .popolo, kind: kind)
    }

    static func error(reading text: String) -> RecordError? {
        do {
            _ = try read(Array(text.utf8))
            return nil
        } catch let error as RecordError {
            return error
        } catch {
            return nil
        }
    }

    @Test func sampleExportImportsBackToTheSameNDJSON() throws {
        let (records, original) = try SampleDatasetTests.read("peskov-statements-2024.ndjson", kind: .statement)
        let document = try Self.write(records)
        let back = try Self.read(document).sorted(by: Record.exportOrder)
        #expect(NDJSONWriter.encode(back) == original)
        #expect(try Self.write(back) == document, "the same records give the same bytes")
    }

    @Test func theDocumentHasPopoloPersonsAndSpeeches() throws {
        let records = try SampleDatasetTests.read("peskov-statements-2024.ndjson", kind: .statement).records
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(try Self.write(records))) as? [String: Any])
        let person = try #require((document["persons"] as? [[String: Any]])?.first)
        #expect(person["id"] as? String == "person:dmitry-peskov")
        #expect(person["name"] as? String == "Dmitry Peskov")
        #expect(person["national_identity"] as? String == "RU")
        let membership = try #require((person["memberships"] as? [[String: Any]])?.first)
        #expect(membership["role"] as? String == "Kremlin spokesperson")
        #expect((membership["organization"] as? [String: Any])?["name"] as? String == "Kremlin")
        let sources = try #require(person["sources"] as? [[String: Any]])
        #expect(sources.first?["url"] as? String == "https://tass.com/politics/1810709")
        #expect(sources.last?["note"] as? String == "AFP")
        let speeches = try #require(document["speeches"] as? [[String: Any]])
        #expect(speeches.count == 3)
        #expect(speeches[0]["id"] as? String == "statement:peskov-2024-07-01")
        #expect(speeches[0]["creator_id"] as? String == "person:dmitry-peskov")
        #expect(speeches[0]["date"] as? String == "2024-07-01")
        #expect(speeches[0]["language"] as? String == "en")
        #expect((speeches[0]["text"] as? String)?.hasPrefix("we will wait for the second round") == true)
    }

    @Test func everyFieldSurvives() throws {
        let text = """
            {"type":"person","id":"a","name":"A \\"B\\" C","other_names":["Ä","B\\nC"],"country":"FR","sources":["http://x.org/a b","https://x.org/a","note"]}
            {"type":"person","id":"b","name":"Only a name"}
            {"type":"person","id":"c","name":"Org only","organization":"Org"}
            {"type":"statement","id":"s","speaker_id":"a","date":"2024-07-08T10:00:00+03:00","text":"","language":"sr-Latn","sources":["s"],"role":"r","kind":"post","summary":"sum","about_ids":["x","y"],"countries":["FR","RU"],"stance":"mixed","stance_target":"t"}

            """
        let records = try readNDJSON(text, kind: .statement).sorted(by: Record.exportOrder)
        let back = try Self.read(try Self.write(records)).sorted(by: Record.exportOrder)
        #expect(NDJSONWriter.encode(back) == NDJSONWriter.encode(records))
    }

    @Test func randomStatementDatasetsRoundTrip() throws {
        var random = RandomRecords(seed: 12)
        for batch in 0..<40 {
            var seen: Set<String> = []
            let records = (0..<40).map { _ in random.record(kind: .statement) }
                .filter { seen.insert($0.id).inserted }  // a dataset holds one record per id
                .sorted(by: Record.exportOrder)
            let back = try Self.read(try Self.write(records)).sorted(by: Record.exportOrder)
            #expect(back == records, "batch \(batch)")
            if back != records { return }
        }
    }

    @Test func anElectionDatasetIsRefusedBothWays() throws {
        let document = Array("{\"persons\": [], \"speeches\": []}".utf8)
        #expect(throws: RecordError.self) { try Self.read(document, kind: .election) }
        #expect(throws: RecordError.self) { try RecordFormat.popolo.check(kind: .election) }
        do throws(RecordError) {
            try RecordFormat.popolo.check(kind: .election)
        } catch {
            #expect(
                error.description
                    == "--format popolo is for statement datasets, and this is an election dataset (use --format nist)"
            )
        }
        var writer = PopoloWriter()
        var bytes: [UInt8] = []
        let unit = Record(type: .unit, id: "FR", fields: [])
        #expect(throws: RecordError.self) { try writer.write(unit, into: &bytes) }
    }

    @Test func aBadSpeechIsRefusedNamingItsPlace() throws {
        let text = """
            {"persons": [{"id": "p", "name": "P"}],
             "speeches": [{"id": "s1", "creator_id": "p", "date": "2024-01-01", "text": "t", "language": "en",
                           "sources": [{"note": "n"}]},
                          {"id": "s2", "creator_id": "p", "date": 20240101, "text": "t", "language": "en",
                           "sources": [{"note": "n"}]}]}
            """
        let error = try #require(Self.error(reading: text))
        #expect(error.description == "Popolo document: speeches[1].date: expected a string, got a number")
        let missing = try #require(
            Self.error(reading: "{\"speeches\": [{\"id\": \"s\", \"creator_id\": \"p\", \"date\": \"2024\"}]}"))
        #expect(missing.code == .missingField)
        #expect(missing.description.hasPrefix("Popolo document: speeches[0]: statement \"s\": "))
        let twoMemberships = """
            {"persons": [{"id": "p", "name": "P", "memberships": [{"role": "a"}, {"role": "b"}]}]}
            """
        #expect(Self.error(reading: twoMemberships)?.description.contains("persons[0].memberships[1]") == true)
        #expect(Self.error(reading: "{\"organizations\": []}")?.code == .missingField)
    }
}
