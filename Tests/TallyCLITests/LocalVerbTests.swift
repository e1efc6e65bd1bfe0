import Foundation
import Testing

/// The local verbs of the CLI contract, run as a user runs them.
@Suite(.serialized) struct LocalVerbTests {
    @Test func sampleDataImportsAndExportsByteForByte() throws {
        let space = try Workspace()
        let dir = space.path("r")
        #expect(try TallyProcess.run(["-C", dir, "init"]).status == 0)
        for (name, kind, file) in [
            ("fr-2024", "election", "fr-legislative-2024"), ("fr-2022", "election", "fr-legislative-2022"),
            ("peskov", "statement", "peskov-statements-2024"),
        ] {
            #expect(try TallyProcess.run(["-C", dir, "dataset", "create", name, "--kind", kind]).status == 0)
            let source = Workspace.fixtures.appendingPathComponent("datasets/\(file).ndjson").path
            let imported = try TallyProcess.run(["-C", dir, "import", name, source])
            #expect(imported.status == 0, "\(imported.stderr)")
            let exported = try TallyProcess.run(["-C", dir, "export", name, "--format", "ndjson"])
            #expect(exported.stdout == (try String(contentsOfFile: source, encoding: .utf8)))
            #expect(try TallyProcess.run(["-C", dir, "check", name]).status == 0)
        }
        let status = try TallyProcess.run(["-C", dir, "status", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect((json?["datasets"] as? [[String: Any]])?.count == 3)
    }

    @Test func aBadFileChangesNothingAndNamesItsLine() throws {
        let space = try Workspace()
        let dir = space.path("r")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        let good = """
            {"type":"unit","id":"FR","name":"France","level":"country"}
            {"type":"tally","id":"t1","election_id":"e","round":1,"unit_id":"FR","selection_id":"RN","votes":5,"status":"certified"}

            """
        #expect(try TallyProcess.run(["-C", dir, "import", "fr", try space.write("good.ndjson", good)]).status == 0)
        let bad = """
            {"type":"unit","id":"FR2","name":"Again","level":"country"}
            {"type":"tally","id":"t2","election_id":"e","round":1,"unit_id":"FR","selection_id":"RN","votes":"many","status":"certified"}

            """
        let before = try TallyProcess.run(["-C", dir, "export", "fr"]).stdout
        let refused = try TallyProcess.run(["-C", dir, "import", "fr", try space.write("bad.ndjson", bad)])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("line 2"))
        #expect(refused.stderr.contains("votes"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try TallyProcess.run(["-C", dir, "export", "fr"]).stdout == before)
    }

    @Test func putGetDeleteAndRecreate() throws {
        let space = try Workspace()
        let dir = space.path("r")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        let create = try TallyProcess.run([
            "-C", dir, "put", "fr", "tally", "t1", "election_id=e", "round=2", "unit_id=FR", "selection_id=RN",
            "votes=10", "status=certified", "share=27.99",
        ])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(try TallyProcess.run(["-C", dir, "put", "fr", "tally", "t1", "votes=11"]).status == 0)
        let shown = try TallyProcess.run(["-C", dir, "get", "fr", "t1", "--json"])
        let record = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect(record?["votes"] as? Int == 11)
        #expect(shown.stdout.contains("\"share\":27.99"))
        // An incomplete new record is refused.
        #expect(try TallyProcess.run(["-C", dir, "put", "fr", "tally", "t2", "votes=1"]).status != 0)
        #expect(try TallyProcess.run(["-C", dir, "delete", "fr", "t1"]).status == 0)
        #expect(try TallyProcess.run(["-C", dir, "export", "fr"]).stdout.isEmpty)
        let recreate = try TallyProcess.run([
            "-C", dir, "put", "fr", "tally", "t1", "election_id=e", "round=2", "unit_id=FR", "selection_id=RN",
            "votes=12", "status=recount",
        ])
        #expect(recreate.status == 0)
        let exported = try TallyProcess.run(["-C", dir, "export", "fr"]).stdout
        #expect(exported.contains("\"votes\":12"))
        #expect(!exported.contains("27.99"))
    }

    @Test func killedDuringALargeImportLeavesThePreviousState() throws {
        let space = try Workspace()
        let dir = space.path("r")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        var lines = ""
        for index in 0..<200_000 {
            lines +=
                "{\"type\":\"tally\",\"id\":\"t\(index)\",\"election_id\":\"e\",\"round\":1,\"unit_id\":\"u\(index)\","
                + "\"selection_id\":\"RN\",\"votes\":\(index),\"status\":\"certified\"}\n"
        }
        let file = try space.write("big.ndjson", lines)
        for delay in [0.05, 0.3, 0.8] {
            let importer = try TallyProcess.start(["-C", dir, "import", "fr", file], stdout: FileHandle.nullDevice)
            Thread.sleep(forTimeInterval: delay)
            kill(importer.processIdentifier, SIGKILL)
            importer.waitUntilExit()
            let status = try TallyProcess.run(["-C", dir, "status", "--json"])
            #expect(status.status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
            let count = ((json?["datasets"] as? [[String: Any]])?.first?["records"] as? Int) ?? -1
            // All or nothing: either the whole file is in, or none of it.
            #expect(count == 0 || count == 200_000)
            let check = try TallyProcess.run(["-C", dir, "check", "fr", "--integrity"])
            #expect(check.status == 0 || check.stderr.contains("dangling"))
            #expect(!check.stderr.contains("integrity"))
            if count == 200_000 { break }
        }
    }
}
