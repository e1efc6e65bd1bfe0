import Foundation
import Testing

/// The CLI contract of docs/cli.md end to end, with the built binary and a real server on 127.0.0.1: init, dataset
/// create, import, export, a bad record refused, serve, push, pull, identical exports, put, sync merging edits of
/// different fields, and one conflict for concurrent edits of one field.
@Suite(.serialized) struct ContractTests {
    /// 50 polling stations with 3 tallies each, and their election: 201 records.
    static func stations() -> String {
        var lines = [
            #"{"type":"election","id":"fr-an-2024","name":"Législatives 2024","country":"FR","#
                + #""body":"Assemblée nationale","kind":"general","start_date":"2024-06-30","status":"certified"}"#
        ]
        for station in 0..<50 {
            let unit = "FR-BV-" + String(format: "%04d", station)
            lines.append(#"{"type":"unit","id":"\#(unit)","name":"Bureau \#(station)","level":"polling_station"}"#)
            for party in ["UG", "ENS", "RN"] {
                let id = "t-" + String(format: "%04d", station) + "-" + party
                let votes = (station * 7 + party.count) % 500
                lines.append(
                    #"{"type":"tally","id":"\#(id)","election_id":"fr-an-2024","round":2,"unit_id":"\#(unit)","#
                        + #""selection_id":"\#(party)","votes":\#(votes),"status":"unofficial-complete"}"#)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each line of NDJSON as an object, re-serialised with sorted keys: the records whatever their form.
    static func records(_ ndjson: String) throws -> [String] {
        try ndjson.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return String(
                decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
        }.sorted()
    }

    /// The exported record `id` of `ndjson`, as an object.
    static func record(_ id: String, in ndjson: String) throws -> [String: Any] {
        let line = try #require(ndjson.split(separator: "\n").first { $0.contains(#""id":"\#(id)""#) })
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// Runs `tally -C DIR ARGS` and requires it to succeed; returns its standard output.
    @discardableResult
    static func tally(_ directory: String, _ arguments: String...) throws -> String {
        let result = try TallyProcess.run(["-C", directory] + arguments)
        try #require(result.status == 0, "tally \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    @Test func theContractHoldsEndToEnd() throws {
        let space = try Workspace()
        let (a, b, s) = (space.path("a"), space.path("b"), space.path("s"))
        let input = try space.write("in.ndjson", ContractTests.stations())

        // init, dataset create, import; the export holds exactly the imported records.
        try ContractTests.tally(a, "init")
        try ContractTests.tally(b, "init")
        try ContractTests.tally(a, "dataset", "create", "fr", "--kind", "election")
        try ContractTests.tally(a, "import", "fr", input)
        try ContractTests.tally(a, "export", "fr", "--format", "ndjson", "--output", space.path("a.ndjson"))
        let exported = try space.read("a.ndjson")
        #expect(try ContractTests.records(exported) == ContractTests.records(ContractTests.stations()))
        #expect(exported.split(separator: "\n").count == 201)

        // A record with votes="many" is refused, in one line naming the line and the field, and changes nothing.
        let bad = try space.write(
            "bad.ndjson",
            #"{"type":"tally","id":"t-x","election_id":"fr-an-2024","round":1,"unit_id":"u","selection_id":"RN","#
                + #""votes":"many","status":"certified"}"# + "\n")
        let refused = try TallyProcess.run(["-C", a, "import", "fr", bad])
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("line 1") && refused.stderr.contains("votes"), "\(refused.stderr)")
        #expect(try ContractTests.tally(a, "export", "fr") == exported)

        // serve prints its port; push, then pull into another replica: identical exports.
        let (server, port, _) = try TallyProcess.serve(directory: s)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let url = "tally://127.0.0.1:\(port)"
        try ContractTests.tally(a, "push", url, "--dataset", "fr")
        try ContractTests.tally(b, "pull", url, "--dataset", "fr")
        try ContractTests.tally(b, "export", "fr", "--output", space.path("b.ndjson"))
        #expect(try space.read("b.ndjson") == exported)

        // Edits of different fields of one record merge; concurrent edits of one field are one conflict.
        try ContractTests.tally(a, "put", "fr", "tally", "t-0000-RN", "votes=111")
        try ContractTests.tally(b, "put", "fr", "tally", "t-0000-RN", "status=recount")
        try ContractTests.tally(a, "put", "fr", "tally", "t-0001-RN", "votes=5")
        try ContractTests.tally(b, "put", "fr", "tally", "t-0001-RN", "votes=6")
        for replica in [a, b, a] { try ContractTests.tally(replica, "sync", url, "--dataset", "fr") }
        let afterA = try ContractTests.tally(a, "export", "fr")
        let afterB = try ContractTests.tally(b, "export", "fr")
        #expect(afterA == afterB, "the replicas differ after sync")
        let merged = try ContractTests.record("t-0000-RN", in: afterA)
        #expect(merged["votes"] as? Int == 111)
        #expect(merged["status"] as? String == "recount")

        for replica in [a, b] {
            let listed = try ContractTests.tally(replica, "conflicts", "fr", "--json")
            let conflicts = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
            try #require(conflicts.count == 1, "\(listed)")
            #expect(conflicts[0]["type"] as? String == "tally")
            #expect(conflicts[0]["id"] as? String == "t-0001-RN")
            #expect(conflicts[0]["field"] as? String == "votes")
            let values = [conflicts[0]["winner"] as? Int] + ((conflicts[0]["losers"] as? [Int]) ?? []).map { $0 }
            #expect(Set(values.compactMap { $0 }) == [5, 6])
        }
    }

    /// The verbs `tally help` lists (and those of `dataset`, `remote`, `token`, `bundle`), each line after `SUBCOMMANDS:`
    /// up to the blank line.
    static func verbs(_ prefix: [String]) throws -> [String] {
        let help = try TallyProcess.run(prefix + ["--help"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "SUBCOMMANDS:" }
        return lines.dropFirst().prefix { !$0.isEmpty }.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
    }

    @Test func docsCliNamesEveryVerbAndEveryOption() throws {
        let document = try String(
            contentsOf: Workspace.fixtures.deletingLastPathComponent().appendingPathComponent("docs/cli.md"),
            encoding: .utf8
        ).replacingOccurrences(of: "tally push|pull|sync", with: "tally push`, `tally pull`, `tally sync")
        var leaves: [[String]] = []
        for verb in try ContractTests.verbs([]) {
            let subverbs = try ContractTests.verbs([verb])
            leaves += subverbs.isEmpty ? [[verb]] : subverbs.map { [verb, $0] }
        }
        #expect(leaves.count >= 24, "\(leaves)")
        for leaf in leaves {
            #expect(document.contains("`tally " + leaf.joined(separator: " ")), "docs/cli.md has no tally \(leaf)")
            // The option lines of the help: `  --name <value>   text` or `  -h, --help   text`.
            let optionLines = try TallyProcess.run(leaf + ["--help"]).stdout.split(separator: "\n").filter {
                $0.hasPrefix("  -")
            }
            let options = optionLines.flatMap { $0.split(whereSeparator: { " ,".contains($0) }).prefix(2) }
                .filter { $0.hasPrefix("--") }
            for option in Set(options) where option != "--help" && option != "--version" {
                let named = document.ranges(of: option).contains { range in
                    document[range.upperBound...].first.map { !$0.isLetter && !$0.isNumber && $0 != "-" } ?? true
                }
                #expect(named, "docs/cli.md does not document \(option) of tally \(leaf.joined(separator: " "))")
            }
        }
    }

    @Test func usageErrorsExit64AndNameTheProblem() throws {
        let unknownVerb = try TallyProcess.run(["frobnicate"])
        #expect(unknownVerb.status == 64)
        #expect(!unknownVerb.stderr.isEmpty)
        let missingArgument = try TallyProcess.run(["dataset", "create"])
        #expect(missingArgument.status == 64)
    }
}
