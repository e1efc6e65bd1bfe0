import Foundation
import Testing

/// `tally export` of more rows than fit its 1 MiB output buffer (so the buffer is flushed mid-way): the same bytes,
/// in the same order, to a file and to standard output, and a JSON document that closes.
@Suite struct LargeExportTests {
    /// 8,000 tally rows (about 1.2 MB) in the order an export writes them (one type, ids ascending), fields in schema order.
    private static let rows: String = (0..<8_000).map { index in
        let id = String(format: "t-%05d", index)
        return #"{"type":"tally","id":"\#(id)","election_id":"e","round":1,"unit_id":"U-\#(index % 70)","#
            + #""selection_id":"S-\#(index % 7)","votes":\#(index * 3),"status":"unofficial-complete"}"# + "\n"
    }.joined()

    @Test func anExportLargerThanItsBufferIsTheImportedFileByteForByte() throws {
        #expect(Self.rows.utf8.count > 1 << 20)
        let space = try Workspace()
        let dir = space.path("r")
        #expect(try TallyProcess.run(["-C", dir, "init"]).status == 0)
        #expect(try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"]).status == 0)
        let source = try space.write("rows.ndjson", Self.rows)
        let imported = try TallyProcess.run(["-C", dir, "import", "fr", source])
        #expect(imported.status == 0, "\(imported.stderr)")

        let toStandardOutput = try TallyProcess.run(["-C", dir, "export", "fr"])
        #expect(toStandardOutput.status == 0, "\(toStandardOutput.stderr)")
        #expect(toStandardOutput.stdout == Self.rows)

        let file = space.path("out.ndjson")
        let toFile = try TallyProcess.run(["-C", dir, "export", "fr", "--output", file])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == Self.rows)

        let document = space.path("out.json")
        #expect(try TallyProcess.run(["-C", dir, "export", "fr", "--output", document]).status == 0)
        let array = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: document)))
        let records = try #require(array as? [[String: Any]])
        #expect(records.count == 8_000)
        #expect(records.first?["id"] as? String == "t-00000" && records.last?["id"] as? String == "t-07999")
    }
}
