import Foundation
import Testing

/// Exit codes mean one thing each (0 done, 1 refused, 64 usage, 75 retry), and a transfer that did not reach
/// the end of the server's feed never passes for a finished one.
@Suite(.serialized) struct ExitStatusTests {
    @Test func usageErrorsExit64() throws {
        #expect(try TallyProcess.run(["frobnicate"]).status == 64)
        #expect(try TallyProcess.run(["export"]).status == 64)
        let space = try Workspace()
        let replica = space.path("a")
        try TallyProcess.run(["-C", replica, "init"])
        let badTimeout = try TallyProcess.run(["-C", replica, "pull", "tally://127.0.0.1:1", "--timeout", "soon"])
        #expect(badTimeout.status == 64)
        #expect(badTimeout.stderr == "tally: --timeout takes a duration such as 500ms, 10s or 2m, not soon\n")
    }

    @Test func refusedInputExits1() throws {
        let space = try Workspace()
        let replica = space.path("a")
        try TallyProcess.run(["-C", replica, "init"])
        let missing = try TallyProcess.run(["-C", replica, "export", "nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr.split(separator: "\n").count == 1)
    }

    @Test func aSecondServerOnABusyPortSaysSoInOneLine() throws {
        let space = try Workspace()
        let first = space.path("first")
        let (process, port, _) = try TallyProcess.serve(directory: first)
        defer { process.terminate() }
        let second = try TallyProcess.run(["-C", space.path("second"), "serve", "--listen", "127.0.0.1:\(port)"])
        #expect(second.status == 1)
        #expect(
            second.stderr
                == "tally: cannot listen on 127.0.0.1:\(port): address already in use; stop the other server or pick "
                + "another port\n")
    }

    @Test func mirrorOnceUsesTheSameCodes() throws {
        let space = try Workspace()
        let result = try TallyProcess.run([
            "-C", space.path("mirror"), "mirror", "tally://127.0.0.1:1", "--every", "1m", "--once",
        ])
        #expect(result.status == 75)
        #expect(
            result.stderr
                == "tally: mirror tally://127.0.0.1:1 failed: cannot connect to 127.0.0.1:1: connection refused; is "
                + "tally serve running?\n")
    }

    /// NDJSON of `count` party records.
    static func parties(_ count: Int) -> String {
        (0..<count).map {
            "{\"type\":\"party\",\"id\":\"p-\($0)\",\"name\":\"Party \($0)\",\"country\":\"FR\","
                + "\"classification\":\"party\"}\n"
        }.joined()
    }

    static func recordCount(_ replica: String, _ dataset: String) throws -> Int? {
        let listed = try TallyProcess.run(["-C", replica, "dataset", "list", "--json"])
        let datasets = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        return datasets?.first { $0["name"] as? String == dataset }?["records"] as? Int
    }

    @Test func aPullCutShortByTheServerExits75AndTheRerunCompletes() throws {
        let space = try Workspace()
        let server = space.path("server")
        let total = 60_000
        try TallyProcess.run(["-C", server, "init"])
        try TallyProcess.run(["-C", server, "dataset", "create", "big", "--kind", "election"])
        let imported = try TallyProcess.run([
            "-C", server, "import", "big", try space.write("big.ndjson", Self.parties(total)),
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { if process.isRunning { process.terminate() } }

        let client = space.path("client")
        try TallyProcess.run(["-C", client, "init"])
        let url = "tally://127.0.0.1:\(port)"
        let pull = Process()
        pull.executableURL = TallyProcess.executable
        pull.arguments = ["-C", client, "pull", url, "--json"]
        let out = Pipe()
        let err = Pipe()
        pull.standardOutput = out
        pull.standardError = err
        try pull.run()
        // Stop the server as soon as the first batches are in the client's store.
        let wal = client + "/.tally/replica.sqlite-wal"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, pull.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 64 * 1024 { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        kill(process.processIdentifier, SIGTERM)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pull.waitUntilExit()
        process.waitUntilExit()
        #expect(pull.terminationStatus == 75, "\(stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        #expect(report?["complete"] as? Bool == false)
        let dataset = (report?["datasets"] as? [[String: Any]])?.first
        #expect(dataset?["complete"] as? Bool == false)
        let received = dataset?["received"] as? Int ?? -1
        #expect(received >= 0 && received < total)
        #expect(stderr.hasPrefix("tally: pull big: interrupted after \(received) records"))
        #expect(stderr.hasSuffix("; run the same command again to resume\n"))
        #expect(stderr.split(separator: "\n").count == 1)

        // The same command against the restarted server resumes and finishes.
        let (again, newPort, _) = try TallyProcess.serve(directory: server)
        defer { again.terminate() }
        let rerun = try TallyProcess.run(["-C", client, "pull", "tally://127.0.0.1:\(newPort)", "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let second = try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any]
        #expect(second?["complete"] as? Bool == true)
        #expect(try Self.recordCount(client, "big") == total)
    }

    @Test func aPullWhoseConnectionIsCutExits75WithOneLine() throws {
        let space = try Workspace()
        let server = space.path("server")
        try TallyProcess.run(["-C", server, "init"])
        try TallyProcess.run(["-C", server, "dataset", "create", "big", "--kind", "election"])
        try TallyProcess.run(["-C", server, "import", "big", try space.write("big.ndjson", Self.parties(60_000))])
        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { if process.isRunning { process.terminate() } }
        let client = space.path("client")
        try TallyProcess.run(["-C", client, "init"])
        let pull = Process()
        pull.executableURL = TallyProcess.executable
        pull.arguments = ["-C", client, "pull", "tally://127.0.0.1:\(port)"]
        let err = Pipe()
        pull.standardOutput = FileHandle.nullDevice
        pull.standardError = err
        try pull.run()
        let wal = client + "/.tally/replica.sqlite-wal"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, pull.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 64 * 1024 { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        // No goodbye: the server dies and the connection is cut.
        kill(process.processIdentifier, SIGKILL)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pull.waitUntilExit()
        process.waitUntilExit()
        #expect(pull.terminationStatus == 75, "\(stderr)")
        #expect(stderr.hasPrefix("tally: pull big: interrupted after "), "\(stderr)")
        #expect(stderr.contains("127.0.0.1:\(port)"), "\(stderr)")
        #expect(stderr.hasSuffix("; run the same command again to resume\n"))
        #expect(stderr.split(separator: "\n").count == 1)
    }
}
