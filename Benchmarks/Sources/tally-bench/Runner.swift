import BenchSupport
import Foundation

/// Runs the child steps as processes of this executable and prints the table of issue 9's targets
/// (BENCHMARKS.md, "One command").
struct Runner {
    let executable: String
    let work: String
    let records: Int
    /// Rows of the memory-only pass (`--memory`) whose peak RSS is compared with that of `records`.
    var memory: Int?
    /// The `tally` executable the CLI figures run (`CLISyncRunner`, `tally export`).
    let tally: String
    /// Runs of the main scenario; the table prints the medians.
    var repeats = 1
    /// Rounds of the CLI sync figures in each run.
    let cliRepeats: Int
    /// Concurrent pullers compared with one (0: no load rows).
    var clients = 20
    let changed = 1_000
    let populatedCount = 200_000

    typealias Result = [String: Any]

    func run(_ arguments: [String]) throws -> Result {
        try Self.run(executable: executable, arguments)
    }

    /// Runs the step `arguments` as a child of `executable` and returns the result it printed.
    static func run(executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("\(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return try Self.parse(String(decoding: data, as: UTF8.self), step: arguments[0])
    }

    static func parse(_ output: String, step: String) throws -> Result {
        for line in output.split(separator: "\n") where line.hasPrefix("RESULT ") {
            let object = try JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8))
            if let result = object as? Result { return result }
        }
        throw BenchFailure("\(step) printed no result")
    }

    /// A running `serve` child.
    final class Server {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var port = 0

        init(executable: String, directory: String) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["serve", directory]
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            var text = ""
            while port == 0 {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { throw BenchFailure("serve ended before listening") }
                text += String(decoding: data, as: UTF8.self)
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }) {
                    port = Int(line.dropFirst(5)) ?? 0
                }
            }
        }

        func stop() throws -> Result {
            try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return try Runner.parse(String(decoding: data, as: UTF8.self), step: "serve")
        }
    }

    func path(_ name: String) -> String { work + "/" + name }

    func fresh() throws {
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    }

    static func sessions(_ result: Result) -> [Result] { result["sessions"] as? [Result] ?? [] }
    static func double(_ result: Result, _ key: String) -> Double { (result[key] as? NSNumber)?.doubleValue ?? 0 }
    static func int(_ result: Result, _ key: String) -> Int { (result[key] as? NSNumber)?.intValue ?? 0 }
    static func wire(_ session: Result) -> Int { int(session, "bytes_received") + int(session, "bytes_sent") }

    func log(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Generate, import, serve, cold pull at `count`: the peak memory of server and client.
    func memoryOnly(_ count: Int) throws -> (server: Int, client: Int, pull: Double) {
        try fresh()
        log("[\(count)] generate")
        _ = try run(["generate", path("rows.ndjson"), String(count)])
        log("[\(count)] import")
        _ = try run(["import", path("server"), path("rows.ndjson")])
        let server = try Server(executable: executable, directory: path("server"))
        log("[\(count)] cold pull")
        let cold = try run(["pull", path("client"), String(server.port), "1", "0"])
        let served = try server.stop()
        let pull = Runner.sessions(cold).first.map { Runner.double($0, "seconds") } ?? 0
        return (Runner.int(served, "peak_rss"), Runner.int(cold, "peak_rss"), pull)
    }

    var cliSync: CLISyncRunner {
        CLISyncRunner(tally: tally, work: work, repeats: cliRepeats, step: run)
    }

    /// Generate and import `records` rows.
    private func prepared() throws -> (generated: Result, imported: Result) {
        try fresh()
        log("[\(records)] generate")
        let generated = try run(["generate", path("rows.ndjson"), String(records)])
        log("[\(records)] import")
        let imported = try run(["import", path("server"), path("rows.ndjson")])
        return (generated, imported)
    }

    /// `tally-bench cli-sync`: only the CLI sync figures (`CLISyncRunner`) at `records`.
    func cliSyncOnly() throws {
        _ = try prepared()
        let server = try Server(executable: executable, directory: path("server"))
        let figures = try cliSync.measure(port: server.port, log: log)
        _ = try server.stop()
        var table = Table()
        table.records = records
        table.printCLISync(figures)
    }

    /// The wall time of `tally -C DIRECTORY export fr --output FILE`.
    @discardableResult
    func export(_ directory: String, to file: String) throws -> Double {
        try Spawn.time([tally, "-C", directory, "export", TallyRows.dataset, "--output", file])
    }

    /// One run of the main scenario, every step a child process (or a baseline's tool), every baseline measured
    /// in this run.
    func scenario() throws -> ScenarioFigures {
        var figures = ScenarioFigures()
        figures.records = records
        let (generated, imported) = try prepared()
        figures.ndjsonBytes = Runner.int(generated, "bytes")
        figures.gzipBytes = Runner.int(generated, "gzip6")
        figures.importSeconds = Runner.double(imported, "seconds")
        log("[\(records)] the store's limit (sqlite-limit)")
        let limit = try run(["limit", path("limit.db"), String(records)])
        figures.limitRate = Runner.double(limit, "rate")
        figures.stateBytes = Runner.int(limit, "blob")
        // The pusher: a store holding the rows, copied before any server opens the imported one.
        try FileManager.default.copyItem(atPath: path("server"), toPath: path("pusher"))

        let server = try Server(executable: executable, directory: path("server"))
        log("[\(records)] cold pull")
        let cold = try run(["pull", path("client"), String(server.port), "1", "0"])
        let coldSession = Runner.sessions(cold).first ?? [:]
        figures.coldSeconds = Runner.double(coldSession, "seconds")
        figures.coldWire = Runner.wire(coldSession)
        figures.clientPeak = Runner.int(cold, "peak_rss")
        // The server's peak so far: what it took to serve the cold pull (as in the memory-only pass).
        figures.serverPeak = Measure.peakResidentBytes(pid: server.process.processIdentifier)
        log("[\(records)] first sync, then no-op syncs")
        let first = try run(["pull", path("client"), String(server.port), "1", "1"])
        figures.firstSyncSeconds = Runner.sessions(first).first.map { Runner.double($0, "seconds") } ?? 0
        let noop = try run(["pull", path("client"), String(server.port), "9", "1"])
        figures.noopSeconds = Runner.sessions(noop).map { Runner.double($0, "seconds") }
        log("[\(records)] tally sync after a cold pull, no-op tally sync, tally --version")
        figures.cli = try cliSync.measure(port: server.port, log: log)
        log("[\(records)] tally export")
        figures.exportSeconds = try export(path("client"), to: path("export-before.ndjson"))
        log("[\(records)] edit \(changed), delta pull")
        let edit = try run(["edit", path("server"), String(changed), String(records), path("changed.ndjson")])
        figures.editSeconds = Runner.double(edit, "seconds")
        figures.deltaGzip = Runner.int(edit, "gzip6")
        let delta = Runner.sessions(try run(["pull", path("client"), String(server.port), "1", "0"])).first ?? [:]
        figures.deltaRecords = Runner.int(delta, "received")
        figures.deltaSeconds = Runner.double(delta, "seconds")
        figures.deltaWire = Runner.wire(delta)
        _ = try server.stop()
        try export(path("client"), to: path("export-after.ndjson"))

        log("[\(records)] push into an empty server")
        let empty = try Server(executable: executable, directory: path("push-server"))
        let pushed = Runner.sessions(try run(["push", path("pusher"), String(empty.port)])).first ?? [:]
        _ = try empty.stop()
        figures.pushSeconds = Runner.double(pushed, "seconds")
        figures.pushRecords = Runner.int(pushed, "sent")
        for name in ["pusher", "push-server"] { try? FileManager.default.removeItem(atPath: path(name)) }

        log("[\(records)] apply into an empty store")
        figures.applyEmptyRate = Runner.double(try run(["apply-empty", path("server"), path("applied")]), "rate")
        try? FileManager.default.removeItem(atPath: path("applied"))

        log("[\(records)] git clone over git daemon")
        let git = try GitBaseline(work: path("git")).measure(export: path("export-before.ndjson"))
        figures.gitSeconds = git.seconds
        figures.gitBytes = git.bytes
        log("[\(records)] rsync of the edit from an rsync daemon")
        figures.rsyncSeconds = try RsyncBaseline(work: path("rsync")).measure(
            before: path("export-before.ndjson"), after: path("export-after.ndjson"))
        for name in ["export-before.ndjson", "export-after.ndjson"] {
            try? FileManager.default.removeItem(atPath: path(name))
        }

        log("[\(records)] apply into the populated store")
        let applyPopulated = try run(["apply-populated", path("client"), String(records), String(populatedCount)])
        figures.applyPopulatedRate = Runner.double(applyPopulated, "rate")
        figures.applyPopulatedRecords = Runner.int(applyPopulated, "records")
        return figures
    }

    func main() throws {
        var table = Table()
        table.records = records
        if let memory {
            let pass = try memoryOnly(memory)
            table.memory = (memory, pass.server, pass.client)
        }
        for index in 0..<repeats {
            log("run \(index + 1) of \(repeats)")
            table.runs.append(try scenario())
        }
        if clients > 0 {
            // Over the last run's imported store (the dataset, 1,000 rows edited).
            var load = LoadRunner(
                executable: executable, work: path("load"), served: records, pushed: 0, repeats: repeats)
            load.base = path("server")
            load.pullClients = [1, clients]
            table.load = try load.scenarios(push: false, clients: load.pullClients)
            try? FileManager.default.removeItem(atPath: path("load"))
        }
        table.print()
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
