import Foundation
import Testing

/// The clock settings and reports of the command line (docs/cli.md, "Clocks"; Protocol.md §5.1), with the real
/// binary and a real server on loopback. (Skewed clocks themselves are faked in-process: SyncTests'
/// ClockSkewSessionTests and TransportTests' ClockSkewEndToEndTests.)
@Suite(.serialized) struct ClockVerbTests {
    @Test func aBadMaximumClockSkewIsAUsageErrorOnOneLine() throws {
        let space = try Workspace()
        let replica = try ServeTests.replica(space, "r", withSample: true)
        let serve = try TallyProcess.run([
            "-C", replica, "serve", "--listen", "127.0.0.1:0", "--max-clock-skew", "soon",
        ])
        #expect(serve.status == 64)
        #expect(serve.stderr == "tally: --max-clock-skew takes a duration such as 12h, 7d or 30d, not soon\n")
        let put = try TallyProcess.run(
            ["-C", replica, "put", "fr", "tally", "fr-legislative-2024:r2:FR:RN", "votes=1"],
            environment: ["TALLY_MAX_CLOCK_SKEW": "a week"])
        #expect(put.status == 64)
        #expect(put.stderr == "tally: TALLY_MAX_CLOCK_SKEW takes a duration such as 12h, 7d or 30d, not a week\n")
        // A valid setting changes nothing for a machine whose clock is right.
        let fine = try TallyProcess.run(
            ["-C", replica, "put", "fr", "tally", "fr-legislative-2024:r2:FR:RN", "votes=1"],
            environment: ["TALLY_MAX_CLOCK_SKEW": "12h"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test func statusShowsTheServersClockAsMeasuredAtTheLastSync() throws {
        let space = try Workspace()
        let server = try ServeTests.replica(space, "server", withSample: true)
        let (process, port, _) = try TallyProcess.serve(directory: server, extra: ["--max-clock-skew", "1d"])
        defer { process.terminate() }
        let laptop = try ServeTests.replica(space, "laptop")
        #expect(
            try TallyProcess.run(["-C", laptop, "remote", "add", "origin", "tally://127.0.0.1:\(port)"]).status == 0)
        let before = try TallyProcess.run(["-C", laptop, "status", "--json"])
        #expect(before.stdout.contains("\"clock_skew_ms\":null"), "\(before.stdout)")
        let pulled = try TallyProcess.run(["-C", laptop, "pull"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let text = try TallyProcess.run(["-C", laptop, "status"])
        #expect(
            text.stdout.contains(
                "remote origin tally://127.0.0.1:\(port), clock in step with this machine's at the last sync ("),
            "\(text.stdout)")
        let json = try TallyProcess.run(["-C", laptop, "status", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let remote = try #require((object["remotes"] as? [[String: Any]])?.first)
        let skew = try #require(remote["clock_skew_ms"] as? Int)
        #expect(abs(skew) < 1_000)
        #expect(remote["clock_measured_at"] is String)
    }
}
