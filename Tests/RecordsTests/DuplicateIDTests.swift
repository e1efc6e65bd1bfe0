import Records
import Testing
import Wire

/// A file with the same id twice is refused, naming both lines, in every import format.
@Suite struct DuplicateIDTests {
    private func error(_ text: String, _ format: RecordFormat) -> RecordError? {
        do {
            var reader = try format.reader(source: MemoryByteSource(text), kind: .election)
            while try reader.next() != nil {}
            return nil
        } catch {
            return error
        }
    }

    private func expectRefused(_ text: String, _ format: RecordFormat, line: Int, first: Int) {
        let refused = error(text, format)
        #expect(refused?.code == .duplicateID, "\(format)")
        #expect(refused?.line == line, "\(format)")
        #expect(refused?.description == "line \(line): id \"p-2\" already appears on line \(first)", "\(format)")
    }

    @Test func ndjsonNamesBothLines() {
        let text = """
            {"type":"party","id":"p-1","name":"A","country":"FR","classification":"party"}

            {"type":"party","id":"p-2","name":"B","country":"FR","classification":"party"}
            {"type":"party","id":"p-3","name":"C","country":"FR","classification":"party"}
            {"type":"party","id":"p-4","name":"D","country":"FR","classification":"party"}

            {"type":"party","id":"p-2","name":"B again","country":"FR","classification":"party"}
            {"type":"party","id":"p-5","name":"E","country":"FR","classification":"party"}
            """
        expectRefused(text, .ndjson, line: 7, first: 3)
    }

    @Test func jsonNamesBothLines() {
        let text = """
            [
              {"type": "party", "id": "p-1", "name": "A", "country": "FR", "classification": "party"},
              {"type": "party", "id": "p-2",
               "name": "B", "country": "FR", "classification": "party"},
              {"type": "party", "id": "p-3", "name": "C", "country": "FR", "classification": "party"},
              {"type": "party", "id": "p-4", "name": "D", "country": "FR", "classification": "party"},
              {"type": "party", "id": "p-2", "name": "B again", "country": "FR", "classification": "party"}
            ]
            """
        expectRefused(text, .json, line: 7, first: 3)
    }

    @Test func csvNamesBothLines() {
        let text = """
            type,id,name,country,classification
            party,p-1,A,FR,party
            party,p-2,B,FR,party
            party,p-3,"C
            on two lines",FR,party
            party,p-4,D,FR,party
            party,p-2,B again,FR,party
            party,p-5,E,FR,party
            """
        expectRefused(text, .csv, line: 7, first: 3)
    }

    @Test func distinctIDsStillRead() throws {
        let text = """
            {"type":"party","id":"p-1","name":"A","country":"FR","classification":"party"}
            {"type":"party","id":"p-2","name":"A","country":"FR","classification":"party"}
            """
        var reader = try RecordFormat.ndjson.reader(source: MemoryByteSource(text), kind: .election)
        var ids: [String] = []
        while let record = try reader.next() { ids.append(record.id) }
        #expect(ids == ["p-1", "p-2"])
    }
}
