import Foundation
import Testing

/// A disk that fills up loses nothing: every verb that writes fails with ONE plain line that names the file and
/// says to free space (exit 1: running it again as it is fails again), the replica still opens and passes
/// SQLite's integrity check, nothing is half-applied, and once there is room again the same command completes.
/// Each test mounts its own small tmpfs (`SmallDisk`) and unmounts it whatever happens.
@Suite(.enabled(if: SmallDisk.available, "\(SmallDisk.unavailable)")) struct FullDiskTests {
    /// Enough records that their store does not fit in what is left of a small disk.
    static let recordCount = 8000

    /// A workspace with a small disk mounted at `disk/` and the generated records in `records.ndjson`.
    final class Setup {
        let space: Workspace
        let disk: SmallDisk
        let records: String

        init(diskBytes: Int = 4 << 20) throws {
            space = try Workspace()
            disk = try SmallDisk(at: space.path("disk"), bytes: diskBytes)
            records = space.path("records.ndjson")
            var text = ""
            for index in 0..<FullDiskTests.recordCount {
                text +=
                    #"{"type":"party","id":"p:\#(index)","name":"Party \#(index) of a generated set","#
                    + #""country":"FR","classification":"party"}"# + "\n"
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: records))
        }

        /// A replica at `dir` with dataset `fr`, holding the generated records when `filled`.
        @discardableResult
        func replica(_ dir: String, filled: Bool) throws -> String {
            try expectDone(["-C", dir, "init"])
            try expectDone(["-C", dir, "dataset", "create", "fr", "--kind", "election"])
            if filled { try expectDone(["-C", dir, "import", "fr", records]) }
            return dir
        }
    }

    /// Runs `tally ARGS` and expects it to succeed.
    @discardableResult
    static func expectDone(_ arguments: [String]) throws -> TallyProcess.Result {
        let result = try TallyProcess.run(arguments)
        #expect(result.status == 0, "tally \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// The one line a full disk prints, for `file`.
    static func fullDiskLine(_ file: String) -> String {
        "tally: the disk is full writing \(file); free some space and try again\n"
    }

    /// The store file of the replica at `dir`.
    static func store(_ dir: String) -> String { dir + "/.tally/replica.sqlite" }

    /// The live records of dataset `fr`, read by a fresh `tally` (the replica opens).
    static func recordsOf(_ dir: String) throws -> Int {
        let result = try expectDone(["-C", dir, "dataset", "list", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return list?.first { $0["name"] as? String == "fr" }?["records"] as? Int ?? -1
    }

    /// SQLite's own verdict on the store file.
    static func expectIntact(_ dir: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [store(dir), "PRAGMA integrity_check"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text == "ok\n", "integrity_check of \(dir): \(text)")
    }

    /// The names in `folder` that are temporary files.
    static func temporaryFiles(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
    }

    @Test func importOnAFullDiskIsOneLineAndImportsNothing() throws {
        let setup = try Setup()
        defer { setup.disk.unmount() }
        let replica = try setup.replica(setup.disk.path + "/r", filled: false)
        setup.disk.fill(leaving: 512 * 1024)
        let result = try TallyProcess.run(["-C", replica, "import", "fr", setup.records])
        #expect(result.status == 1)
        #expect(result.stderr == Self.fullDiskLine(Self.store(replica)))
        setup.disk.makeRoom()
        try Self.expectIntact(replica)
        #expect(try Self.recordsOf(replica) == 0)
        try Self.expectDone(["-C", replica, "import", "fr", setup.records])
        #expect(try Self.recordsOf(replica) == Self.recordCount)
    }

    @Test func putOnAFullDiskIsOneLineAndTheRecordIsUnchanged() throws {
        let setup = try Setup()
        defer { setup.disk.unmount() }
        let replica = try setup.replica(setup.disk.path + "/r", filled: false)
        try Self.expectDone([
            "-C", replica, "put", "fr", "party", "p:1", "name=Before", "country=FR", "classification=party",
        ])
        setup.disk.fill()
        let result = try TallyProcess.run(["-C", replica, "put", "fr", "party", "p:1", "name=After"])
        #expect(result.status == 1)
        #expect(result.stderr == Self.fullDiskLine(Self.store(replica)))
        setup.disk.makeRoom()
        try Self.expectIntact(replica)
        let record = try Self.expectDone(["-C", replica, "get", "fr", "p:1", "--json"])
        #expect(record.stdout.contains(#""name":"Before""#), "\(record.stdout)")
    }

    @Test func exportToAFullDiskIsOneLineAndLeavesTheOldFile() throws {
        let setup = try Setup(diskBytes: 1 << 20)
        defer { setup.disk.unmount() }
        let replica = try setup.replica(setup.space.path("r"), filled: true)
        let target = setup.disk.path + "/fr.ndjson"
        try Data("old contents\n".utf8).write(to: URL(fileURLWithPath: target))
        setup.disk.fill(leaving: 64 * 1024)
        let result = try TallyProcess.run(["-C", replica, "export", "fr", "--output", target])
        #expect(result.status == 1)
        #expect(result.stderr == Self.fullDiskLine(target))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old contents\n")
        #expect(try Self.temporaryFiles(in: setup.disk.path).isEmpty)
    }

    @Test func exportToStandardOutputOnAFullDiskIsOneLine() throws {
        let setup = try Setup(diskBytes: 1 << 20)
        defer { setup.disk.unmount() }
        let replica = try setup.replica(setup.space.path("r"), filled: true)
        setup.disk.fill(leaving: 64 * 1024)
        let target = setup.disk.path + "/stdout.ndjson"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", #""$0" -C "$1" export fr > "$2""#, TallyProcess.executable.path, replica, target]
        let err = Pipe()
        shell.standardError = err
        try shell.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 1)
        #expect(stderr == "tally: the disk is full writing standard output; free some space and try again\n")
    }

    @Test func bundleCreateOnAFullDiskIsOneLineAndLeavesNoFile() throws {
        let setup = try Setup(diskBytes: 1 << 20)
        defer { setup.disk.unmount() }
        let replica = try setup.replica(setup.space.path("r"), filled: true)
        let target = setup.disk.path + "/fr.tally"
        // Room for half the bundle: measured, since its size follows the encoding (batches laid out by column).
        let whole = setup.space.path("whole.tally")
        try Self.expectDone(["-C", replica, "bundle", "create", whole])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: whole)[.size] as? Int)
        setup.disk.fill(leaving: size / 2)
        let result = try TallyProcess.run(["-C", replica, "bundle", "create", target])
        #expect(result.status == 1)
        #expect(result.stderr == Self.fullDiskLine(target))
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try Self.temporaryFiles(in: setup.disk.path).isEmpty)
    }

    @Test func bundleApplyOnAFullDiskIsOneLineAndAppliesNothing() throws {
        let setup = try Setup()
        defer { setup.disk.unmount() }
        let source = try setup.replica(setup.space.path("source"), filled: true)
        let bundle = setup.space.path("fr.tally")
        try Self.expectDone(["-C", source, "bundle", "create", bundle])
        let replica = try setup.replica(setup.disk.path + "/r", filled: false)
        setup.disk.fill(leaving: 512 * 1024)
        let result = try TallyProcess.run(["-C", replica, "bundle", "apply", bundle])
        #expect(result.status == 1)
        #expect(result.stderr == Self.fullDiskLine(Self.store(replica)))
        setup.disk.makeRoom()
        try Self.expectIntact(replica)
        #expect(try Self.recordsOf(replica) == 0)
        try Self.expectDone(["-C", replica, "bundle", "apply", bundle])
        #expect(try Self.recordsOf(replica) == Self.recordCount)
    }

    /// Runs `body` with a served, filled replica (`server`, at `url`) and an empty one (`replica`) on a disk with
    /// 512 KiB left; unmounts and stops the server afterwards.
    func withAFullDiskBesideAServer(
        _ body: (_ setup: Setup, _ server: String, _ replica: String, _ url: String) throws -> Void
    ) throws {
        let setup = try Setup()
        defer { setup.disk.unmount() }
        let server = try setup.replica(setup.space.path("server"), filled: true)
        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { process.terminate() }
        let replica = setup.disk.path + "/r"
        try Self.expectDone(["-C", replica, "init"])
        setup.disk.fill(leaving: 512 * 1024)
        let url = "tally://127.0.0.1:\(port)"
        try body(setup, server, replica, url)
    }

    /// `pull` or `sync` into a replica on a full disk: one line, whole batches only, and the rerun converges.
    func expectNetworkVerbStopsWholeAndResumes(_ verb: String) throws {
        try withAFullDiskBesideAServer { setup, server, replica, url in
            let result = try TallyProcess.run(["-C", replica, verb, url])
            // Whole batches only: the records counted are those applied before the batch that did not fit.
            #expect(result.status == 1)
            let line = try #require(
                result.stderr.wholeMatch(of: /tally: \w+ fr: interrupted after (\d+) records: (.*)\n/))
            #expect(String(line.output.2) + "\n" == Self.fullDiskLine(Self.store(replica)).dropFirst("tally: ".count))
            setup.disk.makeRoom()
            #expect(try Self.recordsOf(replica) == Int(line.output.1))
            try Self.expectIntact(replica)
            try Self.expectDone(["-C", replica, verb, url])
            let here = try Self.expectDone(["-C", replica, "export", "fr"])
            let there = try Self.expectDone(["-C", server, "export", "fr"])
            #expect(here.stdout == there.stdout)
            #expect(try Self.recordsOf(replica) == Self.recordCount)
        }
    }

    @Test func pullOnAFullDiskIsOneLineAndTheRerunConverges() throws {
        try expectNetworkVerbStopsWholeAndResumes("pull")
    }

    @Test func syncOnAFullDiskIsOneLineAndTheRerunConverges() throws {
        try expectNetworkVerbStopsWholeAndResumes("sync")
    }

    @Test func mirrorOnAFullDiskIsOneLineAndTheNextRunCatchesUp() throws {
        try withAFullDiskBesideAServer { setup, server, replica, url in
            let result = try TallyProcess.run(["-C", replica, "mirror", url, "--every", "1h", "--once"])
            #expect(result.status == 1)
            #expect(
                result.stderr == "tally: mirror \(url) failed: " + Self.fullDiskLine(Self.store(replica)).dropFirst(7))
            setup.disk.makeRoom()
            try Self.expectIntact(replica)
            try Self.expectDone(["-C", replica, "mirror", url, "--every", "1h", "--once"])
            #expect(try Self.recordsOf(replica) == Self.recordCount)
        }
    }

    @Test func pushToAServerWithAFullDiskIsRetryableAndNamesTheServer() throws {
        let setup = try Setup()
        defer { setup.disk.unmount() }
        let server = try setup.replica(setup.disk.path + "/server", filled: false)
        let (process, port, _) = try TallyProcess.serve(directory: server)
        defer { process.terminate() }
        let replica = try setup.replica(setup.space.path("r"), filled: true)
        setup.disk.fill(leaving: 512 * 1024)
        let result = try TallyProcess.run(["-C", replica, "push", "tally://127.0.0.1:\(port)"])
        #expect(result.status == 75)
        let line = result.stderr.wholeMatch(
            of:
                /tally: push fr: interrupted after (\d+) records: the server's disk is full; ask its operator to free some space, then run the same command again\n/
        )
        #expect(line != nil, "\(result.stderr)")
        setup.disk.makeRoom()
        // The count is what the server acknowledged, and so what it holds: not the batches still in flight.
        #expect(try Self.recordsOf(server) == line.flatMap { Int($0.output.1) })
        try Self.expectDone(["-C", replica, "push", "tally://127.0.0.1:\(port)"])
        process.terminate()
        process.waitUntilExit()
        try Self.expectIntact(server)
        #expect(try Self.recordsOf(server) == Self.recordCount)
    }
}
