import Foundation
import Testing

/// Local writes as a user sees them: a re-import of the same file changes nothing and says so, a put of the
/// values already there says `unchanged`, a file with one id twice is refused naming both lines, and an edit
/// concurrent with a delete wins after a bundle swap.
@Suite(.serialized) struct WriteSemanticsTests {
    private static let file = """
        {"type":"unit","id":"FR","name":"France","level":"country"}
        {"type":"tally","id":"t1","election_id":"e","round":1,"unit_id":"FR","selection_id":"RN","votes":5,"status":"certified"}
        {"type":"tally","id":"t2","election_id":"e","round":1,"unit_id":"FR","selection_id":"NFP","votes":7,"status":"certified"}

        """

    private func replica(_ space: Workspace, _ name: String) throws -> String {
        let dir = space.path(name)
        #expect(try TallyProcess.run(["-C", dir, "init"]).status == 0)
        #expect(try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"]).status == 0)
        return dir
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func reImportingTheSameFileReportsEveryRecordUnchangedAndWritesNothing() throws {
        let space = try Workspace()
        let dir = try replica(space, "r")
        let source = try space.write("in.ndjson", Self.file)
        let first = try TallyProcess.run(["-C", dir, "--json", "import", "fr", source])
        #expect(first.status == 0, "\(first.stderr)")
        let counts = try json(first.stdout)
        #expect(counts["imported"] as? Int == 3 && counts["created"] as? Int == 3)
        let log = try TallyProcess.run(["-C", dir, "log", "fr"]).stdout
        let again = try TallyProcess.run(["-C", dir, "import", "fr", source])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout.contains("imported 3 records into fr: 0 created, 0 changed, 3 unchanged"), "\(again.stdout)")
        #expect(try TallyProcess.run(["-C", dir, "log", "fr"]).stdout == log, "no new feed entry")
        let edited = Self.file.replacingOccurrences(of: "\"votes\":7", with: "\"votes\":8")
        let changed = try TallyProcess.run(["-C", dir, "--json", "import", "fr", try space.write("b.ndjson", edited)])
        let mixed = try json(changed.stdout)
        #expect(mixed["created"] as? Int == 0 && mixed["changed"] as? Int == 1 && mixed["unchanged"] as? Int == 2)

        let put = try TallyProcess.run(["-C", dir, "put", "fr", "tally", "t1", "votes=5"])
        #expect(put.status == 0 && put.stdout == "unchanged tally t1\n", "\(put.stdout)\(put.stderr)")
    }

    @Test func aFileWithTheSameIDTwiceIsRefusedNamingBothLines() throws {
        let space = try Workspace()
        let dir = try replica(space, "r")
        let twice =
            Self.file + """
                {"type":"tally","id":"t1","election_id":"e","round":1,"unit_id":"FR","selection_id":"RN","votes":6,"status":"certified"}

                """
        let refused = try TallyProcess.run(["-C", dir, "import", "fr", try space.write("twice.ndjson", twice)])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("line 4: id \"t1\" already appears on line 2"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try TallyProcess.run(["-C", dir, "export", "fr"]).stdout.isEmpty, "nothing was imported")
    }

    @Test func anEditConcurrentWithANewerDeleteWinsAfterABundleSwap() throws {
        let space = try Workspace()
        let a = try replica(space, "a")
        let b = try replica(space, "b")
        try TallyProcess.run(["-C", a, "import", "fr", try space.write("in.ndjson", Self.file)])
        #expect(try TallyProcess.run(["-C", a, "bundle", "create", space.path("1.bundle")]).status == 0)
        #expect(try TallyProcess.run(["-C", b, "bundle", "apply", space.path("1.bundle")]).status == 0)
        #expect(try TallyProcess.run(["-C", b, "put", "fr", "tally", "t1", "votes=9"]).status == 0)
        #expect(try TallyProcess.run(["-C", a, "delete", "fr", "t1"]).status == 0)
        try TallyProcess.run(["-C", a, "bundle", "create", space.path("a.bundle")])
        try TallyProcess.run(["-C", b, "bundle", "create", space.path("b.bundle")])
        #expect(try TallyProcess.run(["-C", a, "bundle", "apply", space.path("b.bundle")]).status == 0)
        #expect(try TallyProcess.run(["-C", b, "bundle", "apply", space.path("a.bundle")]).status == 0)
        for dir in [a, b] {
            let shown = try TallyProcess.run(["-C", dir, "--json", "get", "fr", "t1"])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(try json(shown.stdout)["votes"] as? Int == 9, "\(shown.stdout)")
            #expect(try TallyProcess.run(["-C", dir, "conflicts", "fr"]).stdout.contains("_deleted"))
        }
        #expect(
            try TallyProcess.run(["-C", a, "export", "fr"]).stdout
                == TallyProcess.run(["-C", b, "export", "fr"]).stdout
        )
        #expect(try TallyProcess.run(["-C", a, "delete", "--help"]).stdout.contains("Edit wins"))
    }
}
