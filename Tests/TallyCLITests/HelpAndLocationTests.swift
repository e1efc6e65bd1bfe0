import Foundation
import Testing

/// The habits users bring from git: `--version`, help with an example per verb, and a replica found from any of
/// its subfolders.
@Suite struct HelpAndLocationTests {
    static let verbs: [[String]] = [
        ["init"], ["dataset", "create"], ["dataset", "list"], ["import"], ["export"], ["put"], ["delete"], ["get"],
        ["log"], ["status"], ["check"], ["conflicts"], ["resolve"], ["remote", "add"], ["remote", "list"],
        ["remote", "remove"], ["push"], ["pull"], ["sync"], ["serve"], ["token", "create"], ["token", "list"],
        ["token", "revoke"], ["bundle", "create"],
        ["bundle", "apply"], ["mirror"],
    ]

    @Test func versionPrintsTheVersion() throws {
        let result = try TallyProcess.run(["--version"])
        #expect(result.status == 0)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil, "\(version)")
    }

    @Test(arguments: verbs) func everyVerbsHelpHasAnExample(_ verb: [String]) throws {
        let result = try TallyProcess.run(verb + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example: tally "), "\(verb.joined(separator: " ")) has no example")
        #expect(!result.stdout.contains("(default: .)"))
        #expect(!result.stdout.contains("(default: the current directory)) (default"))
    }

    @Test func anUnknownVerbIsNamedNotTheOptionsAfterIt() throws {
        let space = try Workspace()
        let result = try TallyProcess.run(["-C", space.path("r"), "--json", "bogus", "x"])
        #expect(result.status == 64)
        #expect(result.stderr == "tally: unknown verb \"bogus\"; tally --help lists the verbs\n", "\(result.stderr)")
    }

    @Test func theRemoteArgumentSaysItsDefault() throws {
        for verb in ["push", "pull", "sync"] {
            // ArgumentParser wraps help at the terminal width: compare with the words run together.
            let help = try TallyProcess.run([verb, "--help"]).stdout.split(whereSeparator: \.isWhitespace)
                .joined(separator: " ")
            #expect(help.contains("Default: the only remote, else the one named origin"), "\(verb)")
            #expect(help.contains("--timeout <D>"), "\(verb)")
        }
    }

    @Test func theHelpSaysHowDirectoryAndRelativePathsCombine() throws {
        let help = try TallyProcess.run(["--help"]).stdout
        #expect(help.contains("relative to the current directory"))
        #expect(help.contains("Exit codes: 0 done; 1 refused"))
    }

    @Test func aSubfolderOfAReplicaFindsItUpward() throws {
        let space = try Workspace()
        let replica = space.path("replica")
        try TallyProcess.run(["-C", replica, "init"])
        try TallyProcess.run(["-C", replica, "dataset", "create", "fr", "--kind", "election"])
        let deep = replica + "/exports/2024"
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        let listed = try TallyProcess.run(["dataset", "list"], currentDirectory: deep)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.hasPrefix("fr\telection"))
        // A relative file argument is relative to the current directory, not to the replica.
        let exported = try TallyProcess.run(["export", "fr", "--output", "fr.ndjson"], currentDirectory: deep)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(FileManager.default.fileExists(atPath: deep + "/fr.ndjson"))
        #expect(!FileManager.default.fileExists(atPath: replica + "/fr.ndjson"))
    }

    @Test func outsideAnyReplicaTheCurrentDirectoryIsNotAReplica() throws {
        let space = try Workspace()
        let result = try TallyProcess.run(["status"], currentDirectory: space.root.path)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("tally: no tally replica here or in any folder above "))
        #expect(result.stderr.hasSuffix("; run tally init, or name one with -C DIR\n"))
    }

    @Test func initInASubfolderMakesANewReplicaThere() throws {
        let space = try Workspace()
        let outer = space.path("outer")
        try TallyProcess.run(["-C", outer, "init"])
        let inner = outer + "/inner"
        try FileManager.default.createDirectory(atPath: inner, withIntermediateDirectories: true)
        let result = try TallyProcess.run(["init"], currentDirectory: inner)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: inner + "/.tally"))
    }
}
