import Foundation
import Testing

/// Two `tally serve --store postgres://` processes sharing one PostgreSQL database, driven from outside as an
/// operator runs them: clients push through one and pull through the other at once and converge; a mirror of the
/// pair converges; a server killed with -9 in the middle of a push loses no write it acknowledged. Needs the
/// server `scripts/test.sh` starts (`TALLY_TEST_POSTGRES_URL`, password in `PGPASSWORD`).
@Suite(
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES_URL"] != nil,
        "no PostgreSQL server for the tests (scripts/test.sh starts one)"))
struct SharedPostgresServeTests {
    static let serverURL = ProcessInfo.processInfo.environment["TALLY_TEST_POSTGRES_URL"]
    static let clients = 20
    static let recordsPerClient = 25

    /// A fresh database on the test server, its `postgres://` URL.
    static func freshDatabase() throws -> String {
        let base = try #require(serverURL)
        let name = "tally_pair_\(UUID().uuidString.prefix(8).lowercased())"
        let created = try psql(base, "CREATE DATABASE \(name)")
        try #require(created.status == 0, "\(created.stderr)")
        let prefix = base[..<(base.lastIndex(of: "/") ?? base.endIndex)]
        return "\(prefix)/\(name)"
    }

    /// Runs `psql URL -c SQL`: its exit status, unaligned output and standard error.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-t", "-A", "-c", sql]
        let (out, err) = (Pipe(), Pipe())
        process.standardError = err
        process.standardOutput = out
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self)
        )
    }

    /// NDJSON of `count` valid tallies whose ids start with `prefix`.
    static func tallies(_ prefix: String, count: Int, from first: Int = 0) -> String {
        (first..<first + count).map { index in
            #"{"type":"tally","id":"\#(prefix)-\#(index)","election_id":"fr-legislative-2024","round":1,"#
                + #""unit_id":"U-\#(prefix)-\#(index)","selection_id":"label:ENS","votes":\#(index),"#
                + #""status":"unofficial-complete"}"#
        }.joined(separator: "\n") + "\n"
    }

    /// A replica in `space` named `name`, holding dataset fr with `ndjson` imported when given.
    static func replica(_ space: Workspace, _ name: String, ndjson: String? = nil) throws -> String {
        let dir = space.path(name)
        try TallyProcess.run(["-C", dir, "init"])
        if let ndjson {
            try TallyProcess.run(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
            let file = try space.write("\(name).ndjson", ndjson)
            let imported = try TallyProcess.run(["-C", dir, "import", "fr", file])
            try #require(imported.status == 0, "\(imported.stderr)")
        }
        return dir
    }

    /// Starts `tally ARGS` for each of `runs` at once and waits for all; their exit statuses and standard errors.
    static func all(_ runs: [[String]], in space: Workspace, tag: String) throws -> [(Int32, String)] {
        let processes = try runs.enumerated().map { index, arguments in
            let log = space.path("\(tag)-\(index).err")
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            return (try TallyProcess.start(arguments, stdout: .nullDevice, stderr: handle), log)
        }
        return processes.map { process, log in
            process.waitUntilExit()
            return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }
    }

    /// A server on the shared database `url`, on a free port.
    static func serve(_ space: Workspace, _ name: String, _ url: String) throws -> (Process, String) {
        // Every client of the test comes from 127.0.0.1, as they would through a load balancer: more than the
        // default 16 at once may be shaking hands.
        let (process, port, _) = try TallyProcess.serve(
            directory: space.path(name), extra: ["--store", url, "--max-unauthenticated-per-address", "64"])
        return (process, "tally://127.0.0.1:\(port)")
    }

    @Test func twentyPushThroughOneServerTwentyPullThroughTheOtherAndAllConverge() throws {
        let space = try Workspace()
        let database = try Self.freshDatabase()
        let (first, viaFirst) = try Self.serve(space, "server-a", database)
        defer { first.terminate() }
        let (second, viaSecond) = try Self.serve(space, "server-b", database)
        defer { second.terminate() }

        let pushers = try (0..<Self.clients).map { index in
            try Self.replica(space, "pusher-\(index)", ndjson: Self.tallies("c\(index)", count: Self.recordsPerClient))
        }
        let pullers = try (0..<Self.clients).map { try Self.replica(space, "puller-\($0)") }
        // Pushes through the first server and pulls through the second, all at once.
        let results = try Self.all(
            pushers.map { ["-C", $0, "push", viaFirst] } + pullers.map { ["-C", $0, "pull", viaSecond] },
            in: space, tag: "round-1")
        for (status, stderr) in results { #expect(status == 0, "\(stderr)") }
        // Every pusher's records, once each, through either server.
        let expected = Self.clients * Self.recordsPerClient
        for puller in pullers {
            let again = try TallyProcess.run(["-C", puller, "pull", viaSecond])
            #expect(again.status == 0, "\(again.stderr)")
        }
        let exports = try pullers.map { try TallyProcess.run(["-C", $0, "export", "fr"]).stdout }
        #expect(exports[0].split(separator: "\n").count == expected)
        for export in exports { #expect(export == exports[0]) }
        let direct = try Self.replica(space, "direct")
        #expect(try TallyProcess.run(["-C", direct, "pull", viaFirst]).status == 0)
        #expect(try TallyProcess.run(["-C", direct, "export", "fr"]).stdout == exports[0])
        // Nothing is left to move: a second push sends nothing.
        let idle = try TallyProcess.run(["-C", pushers[0], "push", viaSecond, "--json"])
        #expect(idle.status == 0 && idle.stdout.contains(#""sent":0"#), "\(idle.stdout)")

        // A mirror of the pair (pulling from each in turn) holds the same.
        let mirror = space.path("mirror")
        for upstream in [viaFirst, viaSecond] {
            let run = try TallyProcess.run(["-C", mirror, "mirror", upstream, "--every", "1m", "--once"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try TallyProcess.run(["-C", mirror, "export", "fr"]).stdout == exports[0])
    }

    @Test func aServerKilledMidPushLosesNoAcknowledgedWrite() throws {
        let space = try Workspace()
        let database = try Self.freshDatabase()
        let (second, viaSecond) = try Self.serve(space, "server-b", database)
        defer { second.terminate() }
        let total = 20_000
        let pusher = try Self.replica(space, "pusher", ndjson: Self.tallies("k", count: total))
        var interrupted = 0
        for attempt in 0..<3 {
            let (first, viaFirst) = try Self.serve(space, "server-a-\(attempt)", database)
            let log = space.path("push-\(attempt).err")
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let push = try TallyProcess.start(
                ["-C", pusher, "push", viaFirst], stdout: .nullDevice,
                stderr: try FileHandle(forWritingTo: URL(fileURLWithPath: log)))
            // Kill the server once some batches are in, before the push can finish.
            let deadline = Date().addingTimeInterval(60)
            let before = Self.stored(database)
            while Date() < deadline, push.isRunning, Self.stored(database) < before + 2_000 {
                Thread.sleep(forTimeInterval: 0.05)
            }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            push.waitUntilExit()
            if push.terminationStatus == 0 { break }
            interrupted += 1
        }
        #expect(interrupted > 0, "every push finished before its server was killed: the test killed nothing")
        // The rest, through the other server: the client resends only what no server acknowledged, so a write a
        // killed server acknowledged and lost would be missing for good.
        let rest = try TallyProcess.run(["-C", pusher, "push", viaSecond])
        #expect(rest.status == 0, "\(rest.stderr)")
        let check = try Self.replica(space, "check")
        #expect(try TallyProcess.run(["-C", check, "pull", viaSecond]).status == 0)
        #expect(
            try TallyProcess.run(["-C", check, "export", "fr"]).stdout
                == TallyProcess.run(["-C", pusher, "export", "fr"]).stdout)
    }

    @Test func aBundleFromTheFieldAppliesToTheSharedStoreWholeAndEveryServerServesIt() throws {
        let space = try Workspace()
        let database = try Self.freshDatabase()
        let laptop = try Self.replica(space, "laptop", ndjson: Self.tallies("field", count: 30))
        let bundle = space.path("field.tally")
        let created = try TallyProcess.run(["-C", laptop, "bundle", "create", bundle])
        try #require(created.status == 0, "\(created.stderr)")

        // A damaged bundle is refused in one line and changes nothing.
        let whole = try Data(contentsOf: URL(fileURLWithPath: bundle))
        let damaged = space.path("damaged.tally")
        try whole.prefix(whole.count - 7).write(to: URL(fileURLWithPath: damaged))
        let refused = try TallyProcess.run(["bundle", "apply", "--store", database, damaged])
        #expect(refused.status != 0)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(Self.stored(database) == 0)

        let applied = try TallyProcess.run(["bundle", "apply", "--store", database, bundle])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("apply fr: received 30 (30 new)"), "\(applied.stdout)")
        #expect(Self.stored(database) == 30)
        let again = try TallyProcess.run(["bundle", "apply", "--store", database, bundle])
        #expect(again.stdout.contains("apply fr: received 30 (30 unchanged)"), "\(again.stdout)")

        // The operator's view of the shared store: its datasets, and one created there.
        let made = try TallyProcess.run(["dataset", "create", "--store", database, "people", "--kind", "statement"])
        #expect(made.status == 0, "\(made.stderr)")
        let listed = try TallyProcess.run(["dataset", "list", "--store", database])
        #expect(
            listed.stdout.split(separator: "\n").map { $0.split(separator: "\t").prefix(3).joined(separator: " ") }
                == ["fr election 30 records", "people statement 0 records"], "\(listed.stdout)")
        let status = try TallyProcess.run(["--json", "status", "--store", database])
        #expect(status.status == 0, "\(status.stderr)")
        let shown = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8))) as? [String: Any] ?? [:]
        #expect((shown["datasets"] as? [[String: Any]])?.first?["records"] as? Int == 30, "\(status.stdout)")
        #expect(shown["site"] is String && shown["store"] as? String == database)
        // Read straight from the database: the same bytes as the laptop's export, one record, and a plain refusal.
        let laptopNDJSON = try TallyProcess.run(["-C", laptop, "export", "fr"]).stdout
        let exported = try TallyProcess.run(["export", "--store", database, "fr"])
        #expect(exported.status == 0 && exported.stdout == laptopNDJSON, "\(exported.stderr)")
        let csv = try TallyProcess.run(["export", "--store", database, "fr", "--format", "csv"]).stdout
        #expect(csv == (try TallyProcess.run(["-C", laptop, "export", "fr", "--format", "csv"]).stdout))
        let one = try TallyProcess.run(["--json", "get", "--store", database, "fr", "field-7"])
        #expect(one.status == 0 && one.stdout.contains(#""id":"field-7""#), "\(one.stdout)\(one.stderr)")
        let checked = try TallyProcess.run(["--json", "check", "--store", database, "fr"])
        let local = try TallyProcess.run(["--json", "check", "-C", laptop, "fr"])
        // The field's tallies name units the bundle does not carry: the same violations, read from either store.
        #expect(local.status == 1 && local.stdout.contains(#""rule""#), "\(local.stdout)")
        #expect(checked.status == local.status && checked.stdout == local.stdout, "\(checked.stderr)")
        let conflicts = try TallyProcess.run(["conflicts", "--store", database, "fr"])
        #expect(conflicts.status == 0 && conflicts.stdout == "no conflicts in fr\n", "\(conflicts.stderr)")
        let none = try TallyProcess.run(["export", "--store", database, "nope"])
        #expect(none.status == 1 && none.stderr == "tally: no dataset nope\n", "\(none.stderr)")

        // Every server on the database serves what the bundle brought, and the next bundle of the laptop's changes
        // continues from the cursor the bundle left.
        let (server, via) = try Self.serve(space, "server", database)
        defer { server.terminate() }
        let reader = try Self.replica(space, "reader")
        #expect(try TallyProcess.run(["-C", reader, "pull", via]).status == 0)
        let laptopExport = try TallyProcess.run(["-C", laptop, "export", "fr"]).stdout
        #expect(try TallyProcess.run(["-C", reader, "export", "fr"]).stdout == laptopExport)

        // And the other way: a bundle written from the shared store carries it all to a machine with no network.
        let back = space.path("hq.tally")
        let written = try TallyProcess.run(["bundle", "create", "--store", database, back])
        #expect(written.status == 0, "\(written.stderr)")
        let offline = try Self.replica(space, "offline")
        #expect(try TallyProcess.run(["-C", offline, "bundle", "apply", back]).status == 0)
        #expect(try TallyProcess.run(["-C", offline, "export", "fr"]).stdout == laptopExport)

        // Concurrent edits of one tally, one pushed through the server and one carried by bundle: the shared store
        // holds the conflict, and lists it as a replica that pulled it does.
        try TallyProcess.run(["-C", reader, "put", "fr", "tally", "field-3", "votes=111"])
        #expect(try TallyProcess.run(["-C", reader, "push", via]).status == 0)
        try TallyProcess.run(["-C", laptop, "put", "fr", "tally", "field-3", "votes=222"])
        let second = space.path("field-2.tally")
        #expect(try TallyProcess.run(["-C", laptop, "bundle", "create", second]).status == 0)
        #expect(try TallyProcess.run(["bundle", "apply", "--store", database, second]).status == 0)
        #expect(try TallyProcess.run(["-C", reader, "pull", via]).status == 0)
        let shared = try TallyProcess.run(["--json", "conflicts", "--store", database, "fr"])
        let pulled = try TallyProcess.run(["--json", "conflicts", "-C", reader, "fr"])
        #expect(shared.status == 0 && shared.stdout.contains(#""id":"field-3""#), "\(shared.stdout)\(shared.stderr)")
        #expect(shared.stdout == pulled.stdout)
        let latest = try TallyProcess.run(["log", "--store", database, "fr", "--limit", "1"])
        #expect(latest.status == 0 && latest.stdout.contains("tally field-3\twritten votes"), "\(latest.stdout)")
    }

    @Test func aServerOnTheSharedStoreMirrorsAnUpstreamAndShowsItOnItsStatusPage() async throws {
        let space = try Workspace()
        let database = try Self.freshDatabase()
        let upstreamDir = try Self.replica(space, "upstream", ndjson: Self.tallies("up", count: 40))
        let (upstream, upstreamPort, _) = try TallyProcess.serve(directory: upstreamDir)
        defer { upstream.terminate() }
        let upstreamURL = "tally://127.0.0.1:\(upstreamPort)"
        let served = try HTTPServedReplica(
            directory: space.path("mirror"), extra: ["--store", database, "--mirror", upstreamURL, "--every", "1s"])
        let deadline = Date().addingTimeInterval(60)
        var mirrors: [[String: Any]] = []
        while Date() < deadline {
            let page = try await served.get("/api/status")
            let status = (try? JSONSerialization.jsonObject(with: Data(page.body.utf8))) as? [String: Any] ?? [:]
            mirrors = status["mirrors"] as? [[String: Any]] ?? []
            if mirrors.first?["last_success"] is String, Self.stored(database) == 40 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(mirrors.first?["upstream"] as? String == upstreamURL)
        #expect(mirrors.first?["last_success"] is String, "\(mirrors)")
        #expect(mirrors.first?["lag_records"] as? Int == 0)
        #expect(Self.stored(database) == 40)
        let reader = try Self.replica(space, "reader")
        #expect(try TallyProcess.run(["-C", reader, "pull", served.syncURL]).status == 0)
        #expect(
            try TallyProcess.run(["-C", reader, "export", "fr"]).stdout
                == TallyProcess.run(["-C", upstreamDir, "export", "fr"]).stdout)
    }

    /// The live records of dataset fr the database holds (0 before the dataset exists).
    static func stored(_ database: String) -> Int {
        let read = try? psql(database, "SELECT record_count FROM datasets WHERE name = 'fr'")
        return Int(read?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }
}
