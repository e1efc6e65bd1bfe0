import BenchSupport
import Foundation

/// Runs the child steps as processes of this executable and prints the table of BENCHMARKS.md's figures.
struct Runner {
    let executable: String
    let work: String
    let records: Int
    let compare: Int?
    /// The `tally` executable the CLI sync figures run (`CLISyncRunner`).
    let tally: String
    /// Rounds of the CLI sync figures.
    let cliRepeats: Int
    let changed = 1_000
    let populatedCount = 200_000

    typealias Result = [String: Any]

    func run(_ arguments: [String]) throws -> Result {
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

    /// Generate and import `records` rows, then serve them.
    private func served() throws -> (generated: Result, imported: Result, server: Server) {
        try fresh()
        log("[\(records)] generate")
        let generated = try run(["generate", path("rows.ndjson"), String(records)])
        log("[\(records)] import")
        let imported = try run(["import", path("server"), path("rows.ndjson")])
        return (generated, imported, try Server(executable: executable, directory: path("server")))
    }

    /// `tally-bench cli-sync`: only the CLI sync figures (`CLISyncRunner`) at `records`.
    func cliSyncOnly() throws {
        let (_, _, server) = try served()
        let figures = try cliSync.measure(port: server.port, log: log)
        _ = try server.stop()
        var table = Table()
        table.records = records
        table.cli = figures
        table.printCLISync()
    }

    func main() throws {
        var table = Table()
        if let compare {
            let small = try memoryOnly(compare)
            table.memory = (compare, small.server, small.client)
        }
        let (generated, imported, server) = try served()
        log("[\(records)] cold pull")
        let cold = try run(["pull", path("client"), String(server.port), "1", "0"])
        log("[\(records)] first sync, then no-op syncs")
        let first = try run(["pull", path("client"), String(server.port), "1", "1"])
        let noop = try run(["pull", path("client"), String(server.port), "9", "1"])
        log("[\(records)] tally sync after a cold pull, no-op tally sync, tally --version")
        table.cli = try cliSync.measure(port: server.port, log: log)
        log("[\(records)] edit \(changed), delta pull")
        let edit = try run(["edit", path("server"), String(changed), String(records), path("changed.ndjson")])
        let delta = try run(["pull", path("client"), String(server.port), "1", "0"])
        let served = try server.stop()
        log("[\(records)] apply into an empty store")
        let applyEmpty = try run(["apply-empty", path("server"), path("applied")])
        try? FileManager.default.removeItem(atPath: path("applied"))
        log("[\(records)] apply into the populated store")
        let applyPopulated = try run(["apply-populated", path("client"), String(records), String(populatedCount)])

        table.records = records
        table.generated = generated
        table.imported = imported
        table.cold = Runner.sessions(cold).first ?? [:]
        table.firstSync = Runner.sessions(first).first ?? [:]
        table.noop = Runner.sessions(noop)
        table.edit = edit
        table.delta = Runner.sessions(delta).first ?? [:]
        table.serverPeak = Runner.int(served, "peak_rss")
        table.clientPeak = Runner.int(cold, "peak_rss")
        table.applyEmpty = applyEmpty
        table.applyPopulated = applyPopulated
        table.print()
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
