import Foundation
import Testing

/// `pull` says what happened: whether it created the dataset here, and how many records were new, updated or
/// already held.
@Suite(.serialized) struct PullReportTests {
    static func json(_ result: TallyProcess.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func aPullThatCreatesTheDatasetSaysSoAndCountsNewUpdatedAndUnchanged() throws {
        let space = try Workspace()
        let server = space.path("server")
        try TallyProcess.run(["-C", server, "init"])
        try TallyProcess.run(["-C", server, "dataset", "create", "fr", "--kind", "election"])
        try TallyProcess.run(["-C", server, "import", "fr", FileWriteTests.sample])
        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { process.terminate() }
        let url = "tally://127.0.0.1:\(port)"
        let client = space.path("client")
        try TallyProcess.run(["-C", client, "init"])

        let first = try Self.json(try TallyProcess.run(["-C", client, "pull", url, "--json"]))
        #expect(first["complete"] as? Bool == true)
        let created = try #require((first["datasets"] as? [[String: Any]])?.first)
        #expect(created["created"] as? Bool == true)
        #expect(created["new"] as? Int == 33)
        #expect(created["updated"] as? Int == 0)
        #expect(created["complete"] as? Bool == true)

        // One record edited on the server: the next pull brings one update, nothing new.
        let edit = try TallyProcess.run(["-C", server, "put", "fr", "party", "alliance:ENS", "leader=Gabriel Attal"])
        try #require(edit.status == 0, "\(edit.stderr)")
        let secondResult = try TallyProcess.run(["-C", client, "pull", url])
        #expect(secondResult.stdout.contains("pull fr: received 1 (1 updated)"), "\(secondResult.stdout)")
        let third = try Self.json(try TallyProcess.run(["-C", client, "pull", url, "--json"]))
        let again = try #require((third["datasets"] as? [[String: Any]])?.first)
        #expect(again["created"] as? Bool == false)
        #expect(again["new"] as? Int == 0)
        #expect(again["received"] as? Int == 0)
    }

    @Test func bundleCreateWritesFormat1ForAnOlderTallyWhenAskedAndRefusesAFormatItDoesNotWrite() throws {
        let space = try Workspace()
        let origin = space.path("origin")
        try TallyProcess.run(["-C", origin, "init"])
        try TallyProcess.run(["-C", origin, "dataset", "create", "fr", "--kind", "election"])
        try TallyProcess.run(["-C", origin, "import", "fr", FileWriteTests.sample])
        for version in [1, 2] {
            let bundle = space.path("fr-\(version).tally")
            let made = try TallyProcess.run(
                ["-C", origin, "bundle", "create", bundle, "--format-version", "\(version)"])
            #expect(made.status == 0, "\(made.stderr)")
            // The header's formatVersion, right after the preamble, "BNDL" and the header length.
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: bundle)))
            #expect(bytes[14..<16] == [0, UInt8(version)])
            let target = space.path("target-\(version)")
            try TallyProcess.run(["-C", target, "init"])
            let applied = try TallyProcess.run(["-C", target, "bundle", "apply", bundle])
            #expect(applied.stdout.contains("apply fr: received 33 (33 new)\n"), "\(applied.stdout)")
        }
        let refused = try TallyProcess.run(["-C", origin, "bundle", "create", space.path("x"), "--format-version", "3"])
        #expect(refused.status == 64)
        #expect(
            refused.stderr
                == "tally: --format-version 3 is not a bundle format this tally writes: give 1–2\n",
            "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: space.path("x")))
    }

    @Test func bundleApplyCountsNewUpdatedAndUnchanged() throws {
        let space = try Workspace()
        let origin = space.path("origin")
        try TallyProcess.run(["-C", origin, "init"])
        try TallyProcess.run(["-C", origin, "dataset", "create", "fr", "--kind", "election"])
        try TallyProcess.run(["-C", origin, "import", "fr", FileWriteTests.sample])
        let target = space.path("target")
        try TallyProcess.run(["-C", target, "init"])
        let bundle = space.path("fr.tally")
        try TallyProcess.run(["-C", origin, "bundle", "create", bundle])
        let first = try TallyProcess.run(["-C", target, "bundle", "apply", bundle])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("apply fr: received 33 (33 new)\n"), "\(first.stdout)")
        try TallyProcess.run(["-C", origin, "put", "fr", "party", "alliance:ENS", "leader=Gabriel Attal"])
        try TallyProcess.run(["-C", origin, "bundle", "create", bundle])
        let second = try TallyProcess.run(["-C", target, "bundle", "apply", bundle, "--json"])
        let report = try Self.json(second)
        let dataset = try #require((report["datasets"] as? [[String: Any]])?.first)
        #expect(dataset["received"] as? Int == 33)
        #expect(dataset["new"] as? Int == 0)
        #expect(dataset["updated"] as? Int == 1)
        #expect(dataset["unchanged"] as? Int == 32)
    }
}
