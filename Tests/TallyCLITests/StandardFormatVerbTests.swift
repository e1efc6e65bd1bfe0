import Foundation
import Testing

/// `tally export --format nist|popolo` and `tally import --format nist|popolo`, run as a user runs them.
@Suite(.serialized) struct StandardFormatVerbTests {
    @Test func samplesRoundTripThroughTheStandardFormats() throws {
        let space = try Workspace()
        let dir = space.path("r")
        #expect(try TallyProcess.run(["-C", dir, "init"]).status == 0)
        for (name, kind, file, format) in [
            ("fr-2024", "election", "fr-legislative-2024", "nist"),
            ("fr-2022", "election", "fr-legislative-2022", "nist"),
            ("peskov", "statement", "peskov-statements-2024", "popolo"),
        ] {
            #expect(try TallyProcess.run(["-C", dir, "dataset", "create", name, "--kind", kind]).status == 0)
            #expect(try TallyProcess.run(["-C", dir, "dataset", "create", name + "-back", "--kind", kind]).status == 0)
            let source = Workspace.fixtures.appendingPathComponent("datasets/\(file).ndjson").path
            #expect(try TallyProcess.run(["-C", dir, "import", name, source]).status == 0)
            let document = space.path("\(name).json")
            let exported = try TallyProcess.run(["-C", dir, "export", name, "--format", format, "--output", document])
            #expect(exported.status == 0, "\(exported.stderr)")
            let imported = try TallyProcess.run(["-C", dir, "import", name + "-back", document, "--format", format])
            #expect(imported.status == 0, "\(imported.stderr)")
            let back = try TallyProcess.run(["-C", dir, "export", name + "-back", "--format", "ndjson"])
            #expect(back.stdout == (try String(contentsOfFile: source, encoding: .utf8)), "\(name) via \(format)")
        }
    }

    @Test func theWrongKindOfDatasetIsOnePlainError() throws {
        let space = try Workspace()
        let dir = space.path("r")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "quotes", "--kind", "statement"])
        let source = Workspace.fixtures.appendingPathComponent("datasets/fr-legislative-2022.ndjson").path
        try TallyProcess.run(["-C", dir, "import", "fr", source])
        let report = space.path("fr.json")
        #expect(try TallyProcess.run(["-C", dir, "export", "fr", "--format", "nist", "--output", report]).status == 0)
        let refused = try TallyProcess.run(["-C", dir, "import", "quotes", report, "--format", "nist"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--format nist is for election datasets"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let export = try TallyProcess.run(["-C", dir, "export", "quotes", "--format", "nist"])
        #expect(export.status != 0)
        #expect(export.stderr.contains("use --format popolo"))
        #expect(export.stdout.isEmpty)
        #expect(try TallyProcess.run(["-C", dir, "export", "quotes"]).stdout.isEmpty)
    }

    @Test func aBadReportChangesNothingAndNamesThePlace() throws {
        let space = try Workspace()
        let dir = space.path("r")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        let source = Workspace.fixtures.appendingPathComponent("datasets/fr-legislative-2022.ndjson").path
        try TallyProcess.run(["-C", dir, "import", "fr", source])
        let report = try TallyProcess.run(["-C", dir, "export", "fr", "--format", "nist"]).stdout
        try TallyProcess.run(["-C", dir, "dataset", "create", "copy", "--kind", "election"])
        let bad = report.replacingOccurrences(of: "\"GpUnitId\": \"FR\"", with: "\"GpUnitId\": 7")
        let refused = try TallyProcess.run([
            "-C", dir, "import", "copy", try space.write("bad.json", bad), "--format", "nist",
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("VoteCounts[0].GpUnitId: expected a string, got a number"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try TallyProcess.run(["-C", dir, "export", "copy"]).stdout.isEmpty, "nothing was imported")
    }
}
