import Foundation
import Testing

/// `tally serve` and the open-file limit its connections need (docs/operations.md, "Connection limits"), and its
/// connection-limit flags checked before it starts.
@Suite struct ServeLimitTests {
    /// Starts `tally ARGS` through `/bin/sh` after `ulimit LIMIT` (the shell execs tally: same process), and returns
    /// the process and where its stdout and stderr go.
    static func serveUnder(_ limit: String, _ arguments: [String], in space: Workspace) throws
        -> (process: Process, stdout: URL, stderr: URL)
    {
        let stdout = URL(fileURLWithPath: space.path("serve.out"))
        let stderr = URL(fileURLWithPath: space.path("serve.err"))
        for file in [stdout, stderr] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit \(limit) && exec \"$0\" \"$@\"", TallyProcess.executable.path] + arguments
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, stdout, stderr)
    }

    /// The soft "Max open files" of process `pid`, from /proc.
    static func openFileLimit(of pid: Int32) throws -> Int? {
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let line = limits.split(separator: "\n").first { $0.hasPrefix("Max open files") }
        return line?.split(separator: " ").dropFirst(3).first.flatMap { Int($0) }
    }

    @Test func serveRefusesInOneLineWhenTheOpenFileLimitCannotHoldItsConnections() throws {
        let space = try Workspace()
        let (process, _, stderr) = try Self.serveUnder(
            "-n 300", ["-C", space.path("server"), "serve", "--listen", "127.0.0.1:0", "--max-connections", "1280"],
            in: space)
        // A server that started anyway is stopped after 30 s (and the test fails).
        for _ in 0..<600 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let lines = try String(contentsOf: stderr, encoding: .utf8).split(separator: "\n")
        #expect(process.terminationStatus == 1)
        #expect(
            lines == [
                "tally: cannot serve 1280 connections: this process may open at most 300 files; "
                    + "raise the limit (ulimit -n) or lower --max-connections"
            ])
    }

    @Test func serveRaisesItsSoftOpenFileLimitToHoldItsConnections() throws {
        let space = try Workspace()
        let (process, stdout, _) = try Self.serveUnder(
            "-Sn 300", ["-C", space.path("server"), "serve", "--listen", "127.0.0.1:0", "--max-connections", "2000"],
            in: space)
        defer { process.terminate() }
        var listening = false
        for _ in 0..<300 where !listening && process.isRunning {
            listening = (try? String(contentsOf: stdout, encoding: .utf8))?.hasPrefix("listening on ") ?? false
            if !listening { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(listening)
        #expect(try Self.openFileLimit(of: process.processIdentifier).map { $0 >= 2_000 } == true)
    }

    @Test func connectionLimitFlagsThatCouldNotWorkAreRefusedNamingTheFlag() throws {
        let space = try Workspace()
        for (flags, message) in [
            (["--max-unauthenticated", "0"], "--max-unauthenticated takes a number of connections above 0, not 0"),
            (
                ["--max-buffered-bytes", "1000"],
                "--max-buffered-bytes must hold at least one frame: give 16777216 or more"
            ),
            (["--transfer-rate-window", "0"], "--transfer-rate-window takes a number of seconds above 0, not 0.0"),
        ] {
            let result = try TallyProcess.run(["-C", space.path("server"), "serve", "--listen", "127.0.0.1:0"] + flags)
            #expect(result.status == 1, "\(flags)")
            #expect(result.stderr == "tally: \(message)\n", "\(flags)")
        }
    }
}
