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
}
