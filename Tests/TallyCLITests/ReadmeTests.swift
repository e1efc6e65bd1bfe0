import Foundation
import Testing

/// README.md's command blocks run as written: every ```sh block, in order, in one shell, from a folder that looks
/// like the repository's (its `Fixtures` and `scripts`), with the built `tally` on the PATH.
///
/// Two lines are not run, because this test runs inside `swift test`, which holds SwiftPM's lock: the build line
/// (`swift build && export PATH=...`; the test puts the already built binary on the PATH instead) and
/// `./scripts/test.sh` (which is this very test run). `./scripts/demo.sh` runs, with `TALLY` naming the built
/// binary so that it does not build one.
@Suite(.serialized) struct ReadmeTests {
    static let repository = Workspace.fixtures.deletingLastPathComponent()
    static let buildLine = #"swift build && export PATH="$(swift build --show-bin-path):$PATH""#
    static let testLine = "./scripts/test.sh"

    /// The lines of each ```sh block of `markdown`, in order.
    static func shellBlocks(_ markdown: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if current == nil, line == "```sh" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current ?? [])
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// `true` when `line` is one of the two lines the test does not run (see the type's comment).
    static func isSkipped(_ line: String) -> Bool {
        let command = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? line
        let trimmed = command.trimmingCharacters(in: .whitespaces)
        return trimmed == buildLine || trimmed == testLine
    }

    @Test func theReadmeKeepsADebugBuildLineAndTheTwoCommandsNearTheTop() throws {
        let readme = try String(contentsOf: ReadmeTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = ReadmeTests.shellBlocks(readme)
        try #require(blocks.count >= 2)
        let first = blocks[0].map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(first.contains("./scripts/demo.sh") && first.contains(ReadmeTests.testLine))
        #expect(blocks.joined().contains { $0.trimmingCharacters(in: .whitespaces) == ReadmeTests.buildLine })
    }

    @Test(.timeLimit(.minutes(5))) func everyShellBlockOfTheReadmeRunsAsWritten() throws {
        let readme = try String(contentsOf: ReadmeTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = ReadmeTests.shellBlocks(readme).joined().filter { !ReadmeTests.isSkipped($0) }
        let space = try Workspace()
        let folder = space.path("clone")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["Fixtures", "scripts"] {
            try FileManager.default.createSymbolicLink(
                atPath: folder + "/" + name,
                withDestinationPath: ReadmeTests.repository.appendingPathComponent(name).path)
        }
        let binaries = TallyProcess.executable.deletingLastPathComponent().path
        let script =
            [
                "set -euo pipefail", "PS4='+ README: '", "set -x",
                // Whatever fails, no server started by a block outlives the script.
                #"trap 'kill $(jobs -p) 2>/dev/null || true' EXIT"#, "trap 'exit 143' TERM",
                #"export PATH="\#(binaries):$PATH""#, #"export TALLY="\#(TallyProcess.executable.path)""#,
                "unset TALLY_TOKEN",
            ] + commands
        let scriptPath = try space.write("readme.sh", script.joined(separator: "\n") + "\n")
        let outPath = space.path("readme.out")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = [scriptPath]
        shell.currentDirectoryURL = URL(fileURLWithPath: folder)
        shell.standardOutput = output
        shell.standardError = output
        shell.standardInput = FileHandle.nullDevice
        try shell.run()
        let deadline = Date().addingTimeInterval(240)
        while shell.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let timedOut = shell.isRunning
        if timedOut { shell.terminate() }
        shell.waitUntilExit()
        try output.close()
        let transcript = try space.read("readme.out")
        #expect(!timedOut, "the README's commands did not finish in 4 minutes:\n\(transcript.suffix(3000))")
        #expect(shell.terminationStatus == 0, "a README command failed:\n\(transcript.suffix(3000))")
        #expect(transcript.contains("demo finished"))
        #expect(transcript.contains("identical exports"))
    }
}
