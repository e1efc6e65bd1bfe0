import Records
import Testing
import Wire

@Suite struct JSONArrayTests {
    func read(_ text: String, kind: DatasetKind? = nil) throws(RecordError) -> [Record] {
        var reader = try JSONArrayReader(source: MemoryByteSource(text), kind: kind)
        var records: [Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    func error(_ text: String) -> RecordError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    let france = #"{"type":"unit","id":"FR","name":"France","level":"country"}"#

    @Test func writesOneObjectPerLineInsideAnArray() throws {
        var writer = JSONArrayWriter()
        var output: [UInt8] = []
        let record = try NDJSONReader.decode(line: france)
        try writer.write(record, into: &output)
        try writer.write(record, into: &output)
        writer.finish(into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "[\n\(france),\n\(france)\n]\n")
        var empty = JSONArrayWriter()
        var none: [UInt8] = []
        empty.finish(into: &none)
        #expect(none == Array("[]\n".utf8))
    }

    @Test func readsAnyLayout() throws {
        #expect(try read("[]").isEmpty)
        #expect(try read(" [ \n ] \n").isEmpty)
        #expect(try read("[\(france),\(france)]").count == 2)
    }

    @Test func errorsNameTheLineWhereTheBadObjectStarts() {
        let bad = #"{"type":"unit","id":"DE","name":"Deutschland","level":"land"}"#
        let refusal = error("[\n\(france),\n\n  \(bad)\n]")
        #expect(refusal?.line == 4)
        #expect(refusal?.code == .invalidValue)
        #expect(refusal?.field == "level")
    }

    @Test func malformedDocumentsAreRefused() {
        #expect(error("")?.code == .malformedJSON)
        #expect(error(france)?.code == .malformedJSON)
        #expect(error("[\(france)")?.code == .malformedJSON)
        #expect(error("[\(france),]")?.code == .malformedJSON)
        #expect(error("[\(france)] x")?.code == .malformedJSON)
        #expect(error("[\(france) \(france)]")?.code == .malformedJSON)
        #expect(error("[[]]")?.code == .malformedJSON)
    }
}
