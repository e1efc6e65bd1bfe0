import Foundation
import Testing

/// `tally check` with the election rules and `tally log` with human times and written fields, through the binary.
@Suite(.serialized) struct CheckLogVerbTests {
    static func replica(_ space: Workspace, importing file: String, as name: String) throws -> String {
        let dir = space.path("r")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", name, "--kind", "election"])
        let source = Workspace.fixtures.appendingPathComponent("datasets/\(file).ndjson").path
        let imported = try TallyProcess.run(["-C", dir, "import", name, source])
        #expect(imported.status == 0, "\(imported.stderr)")
        return dir
    }

    @Test func checkReportsEachBrokenRuleAsJSONAndExitsOne() throws {
        let space = try Workspace()
        let dir = try Self.replica(space, importing: "broken-rules", as: "broken")
        let checked = try TallyProcess.run(["-C", dir, "check", "broken", "--json"])
        #expect(checked.status == 1)
        #expect(checked.stderr == "tally: broken: 11 violations of 7 rules\n")
        let violations = try #require(
            try JSONSerialization.jsonObject(with: Data(checked.stdout.utf8)) as? [[String: Any]]
        )
        #expect(violations.count == 11)
        #expect(violations.allSatisfy { Set($0.keys) == ["rule", "records", "message"] })
        #expect(
            Set(violations.compactMap { $0["rule"] as? String }) == [
                "references", "votes-within-valid", "ballots-add-up", "ballots-within-registered",
                "share-matches-votes", "one-tally-per-selection", "unit-chain",
            ]
        )
        let share = try #require(violations.first { $0["rule"] as? String == "share-matches-votes" })
        #expect(share["records"] as? [String] == ["r1:C2:b", "r1:C2"])

        let text = try TallyProcess.run(["-C", dir, "check", "broken"])
        #expect(text.status == 1)
        #expect(text.stdout.split(separator: "\n").count == 11)
        let registered = "ballots-within-registered: turnout r2:FR: ballots_cast 600 is more than registered 500"
        #expect(text.stdout.contains(registered))
    }

    @Test func checkPassesTheSampleDataAndListsItsRules() throws {
        let space = try Workspace()
        let dir = try Self.replica(space, importing: "fr-legislative-2024", as: "fr")
        let checked = try TallyProcess.run(["-C", dir, "check", "fr"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.hasPrefix("fr: every rule holds"))
        #expect(try TallyProcess.run(["-C", dir, "check", "fr", "--json"]).stdout == "[]\n")

        let rules = try TallyProcess.run(["check", "--rules"])
        #expect(rules.status == 0)
        let lines = rules.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines.first?.hasPrefix("references ") == true)
        #expect(lines.allSatisfy { $0.split(separator: " ", omittingEmptySubsequences: true).count > 3 })
        let none = try TallyProcess.run(["-C", dir, "check"])
        #expect(none.status != 0 && none.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["check"], ["log"], ["token", "create"], ["token", "list"], ["token", "revoke"]])
    func helpGivesAnExample(_ verb: [String]) throws {
        let help = try TallyProcess.run(verb + ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Example: tally "), "\(verb.joined(separator: " "))")
    }

    @Test func logShowsRFC3339TimesAndTheFieldsEachChangeWrote() throws {
        let space = try Workspace()
        let dir = space.path("r")
        try TallyProcess.run(["-C", dir, "init"])
        try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
        let before = Date().addingTimeInterval(-2)
        let put = try TallyProcess.run(["-C", dir, "put", "fr", "unit", "FR", "name=France", "level=country"])
        #expect(put.status == 0, "\(put.stderr)")
        try TallyProcess.run(["-C", dir, "put", "fr", "unit", "R1", "name=Region", "level=region", "parent_id=FR"])
        try TallyProcess.run(["-C", dir, "put", "fr", "unit", "FR", "registered=49332761"])
        try TallyProcess.run(["-C", dir, "delete", "fr", "R1"])

        let logged = try TallyProcess.run(["-C", dir, "log", "fr", "--json"])
        #expect(logged.status == 0, "\(logged.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(logged.stdout.utf8)) as? [[String: Any]])
        // Newest first, one entry per record (its latest change).
        #expect(entries.map { $0["id"] as? String } == ["R1", "FR"])
        #expect(entries.map { $0["change"] as? String } == ["deleted", "written"])
        #expect(entries.map { $0["fields"] as? [String] } == [[], ["registered"]])
        let formatter = ISO8601DateFormatter()
        for entry in entries {
            let text = try #require(entry["time"] as? String)
            #expect(text.hasSuffix("Z"))
            let time = try #require(formatter.date(from: text))
            #expect(time >= before && time <= Date().addingTimeInterval(2))
        }
        #expect(entries.allSatisfy { $0["local"] as? Bool == true })

        try TallyProcess.run(["-C", dir, "put", "fr", "unit", "R2", "name=Other", "level=region", "parent_id=FR"])
        let text = try TallyProcess.run(["-C", dir, "log", "fr", "--limit", "1"]).stdout
        let columns = text.split(separator: "\n").first?.split(separator: "\t").map(String.init) ?? []
        #expect(columns.count == 5)
        #expect(columns.count == 5 && formatter.date(from: columns[1]) != nil)
        #expect(columns.count == 5 && columns[2] == "unit R2")
        #expect(columns.count == 5 && columns[3] == "written level, name, parent_id")
        #expect(columns.last == "local")
    }
}
