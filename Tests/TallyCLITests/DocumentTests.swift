import Foundation
import Testing

/// docs/records.md says what the code does: its canonical NDJSON examples are what `tally export` writes, byte for
/// byte, its non-canonical input is exported as the block that follows it, and its tables' *required* column is
/// what `tally import` enforces.
@Suite(.serialized) struct DocumentTests {
    static let repository = Workspace.fixtures.deletingLastPathComponent()

    /// A fenced block of docs/records.md: its info string (`ndjson`, `ndjson input`) and its text.
    struct Block {
        var info: String
        var text: String
    }

    static func document(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every fenced block whose info string starts with `ndjson`, in order.
    static func ndjsonBlocks(_ markdown: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if current == nil, line.hasPrefix("```ndjson") {
                current = Block(info: String(line.dropFirst(3)), text: "")
            } else if let done = current, line == "```" {
                blocks.append(done)
                current = nil
            } else {
                current?.text += line + "\n"
            }
        }
        return blocks
    }

    /// The dataset kind that holds the records of `ndjson`.
    static func kind(of ndjson: String) -> String {
        ndjson.contains(#""type":"person""#) || ndjson.contains(#""type":"statement""#) ? "statement" : "election"
    }

    /// Imports `input` into a new replica's dataset of `kind`; the result of the import and the export after it.
    static func importAndExport(_ input: String, kind: String) throws -> (TallyProcess.Result, String) {
        let space = try Workspace()
        let directory = space.path("r")
        try #require(try TallyProcess.run(["-C", directory, "init"]).status == 0)
        try #require(try TallyProcess.run(["-C", directory, "dataset", "create", "d", "--kind", kind]).status == 0)
        let imported = try TallyProcess.run(["-C", directory, "import", "d", try space.write("in.ndjson", input)])
        return (imported, try TallyProcess.run(["-C", directory, "export", "d"]).stdout)
    }

    @Test func everyCanonicalExampleIsWhatExportWrites() throws {
        let blocks = DocumentTests.ndjsonBlocks(try DocumentTests.document("docs/records.md"))
        let canonical = blocks.enumerated().filter { $0.element.info == "ndjson" }
        try #require(canonical.count >= 3, "docs/records.md lost its examples")
        for (index, block) in canonical {
            // A canonical block right after an input block is that input's export; otherwise its own.
            let input = index > 0 && blocks[index - 1].info == "ndjson input" ? blocks[index - 1].text : block.text
            let (imported, exported) = try DocumentTests.importAndExport(input, kind: DocumentTests.kind(of: input))
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(exported == block.text, "docs/records.md example \(index) is not what tally export writes")
        }
        #expect(blocks.contains { $0.info == "ndjson input" })
    }

    /// The rows `| `field` | kind | yes/no | ... |` under each `### TYPE` heading of docs/records.md.
    static func requiredColumns(_ markdown: String) -> [String: [String: Bool]] {
        var tables: [String: [String: Bool]] = [:]
        var type: String?
        for line in markdown.split(separator: "\n").map(String.init) {
            if line.hasPrefix("### ") {
                type = line.dropFirst(4).split(separator: " ").first.map(String.init)
                continue
            }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type, cells.count >= 3, cells[0].hasPrefix("`"), ["yes", "no"].contains(cells[2]) else {
                continue
            }
            tables[type, default: [:]][cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] =
                cells[2] == "yes"
        }
        return tables
    }

    @Test func theRequiredColumnIsWhatImportEnforces() throws {
        let markdown = try DocumentTests.document("docs/records.md")
        let tables = DocumentTests.requiredColumns(markdown)
        #expect(
            Set(tables.keys) == ["election", "party", "unit", "tally", "turnout", "person", "statement"],
            "docs/records.md documents the types \(tables.keys.sorted())")
        let lines = DocumentTests.ndjsonBlocks(markdown).filter { $0.info == "ndjson" }
            .flatMap { $0.text.split(separator: "\n").map(String.init) }
        for (type, fields) in tables.sorted(by: { $0.key < $1.key }) {
            let line = try #require(lines.first { $0.hasPrefix(#"{"type":"\#(type)""#) }, "no example of \(type)")
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in record.keys where !["type", "id"].contains(key) {
                #expect(fields[key] != nil, "\(type).\(key) is in the example but not in the table")
            }
            for (field, required) in fields.sorted(by: { $0.key < $1.key }) where record[field] != nil {
                var without = record
                without[field] = nil
                let text = String(decoding: try JSONSerialization.data(withJSONObject: without), as: UTF8.self)
                let (imported, _) = try DocumentTests.importAndExport(text + "\n", kind: DocumentTests.kind(of: line))
                #expect(
                    (imported.status == 0) == !required,
                    "\(type).\(field) is documented \(required ? "required" : "optional"): \(imported.stderr)")
            }
        }
    }

    /// Only `.ci/run` may name the outside contract folder; nothing may cite the outside product brief.
    @Test func nothingInTheRepositoryPointsOutsideIt() throws {
        let outside = ["../" + "shared", "PRODUCT" + ".md"]
        let skipped: Set = [".build", ".git", ".swiftpm", ".ci"]
        let root = DocumentTests.repository.standardizedFileURL.path
        let files = try #require(FileManager.default.enumerator(atPath: root))
        var checked = 0
        while let path = files.nextObject() as? String {
            if skipped.contains(String(path.split(separator: "/").first ?? "")) || path.contains("/.build") { continue }
            guard [".swift", ".md", ".sh", ".py", ".hex", ".yml", ".json"].contains(where: path.hasSuffix),
                let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8)
            else { continue }
            checked += 1
            for needle in outside {
                #expect(!text.contains(needle), "\(path) refers to \(needle), outside the repository")
            }
        }
        #expect(checked > 100)
    }
}
