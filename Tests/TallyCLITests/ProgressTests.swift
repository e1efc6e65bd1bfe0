import Foundation
import Testing

/// Progress goes to stderr only when stderr is a terminal: count, total when known (then rate and time left).
@Suite struct ProgressTests {
    /// Runs `tally ARGS` under a pseudo-terminal (`script`), returning all it wrote there.
    static func runOnATerminal(_ arguments: [String]) throws -> String {
        let command = ([TallyProcess.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func importAndExportShowProgressOnATerminalOnly() throws {
        let space = try Workspace()
        let replica = space.path("replica")
        try TallyProcess.run(["-C", replica, "init"])
        try TallyProcess.run(["-C", replica, "dataset", "create", "big", "--kind", "election"])
        let file = try space.write("big.ndjson", ExitStatusTests.parties(5_000))

        let imported = try Self.runOnATerminal(["-C", replica, "import", "big", file])
        // Redrawn at most ten times a second: which counts appear depends on speed, their form does not.
        #expect(imported.range(of: #"import big: \d+ records"#, options: .regularExpression) != nil, "\(imported)")
        let exported = try Self.runOnATerminal(["-C", replica, "export", "big", "--output", space.path("out.ndjson")])
        #expect(
            exported.range(of: #"export big: \d+/5000 records"#, options: .regularExpression) != nil, "\(exported)")
        // The line is cleared when done.
        #expect(exported.hasSuffix("\r\u{1B}[2K"))

        // Not a terminal: nothing on stderr.
        let quiet = try TallyProcess.run(["-C", replica, "export", "big", "--output", space.path("quiet.ndjson")])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }
}
