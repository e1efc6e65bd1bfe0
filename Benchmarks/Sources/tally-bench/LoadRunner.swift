import BenchSupport
import Foundation

/// `tally-bench load`: many clients against one server process over loopback, each client a process of its own.
///
/// - aggregate push and pull rates with 1, 10 and 50 concurrent clients (`--push-clients`, `--pull-clients`; all
///   records moved / first start to last end), each the median of `repeats` runs against a fresh copy of the
///   served replica;
/// - the server's peak RSS while 50 pushers and 50 pullers run at once;
/// - a normal cold pull while 1,000 idle connections (each past WELCOME) are held, against the same pull
///   unloaded (medians of `repeats`).
struct LoadRunner {
    let executable: String
    let work: String
    /// Records of the served dataset, which each puller pulls whole.
    let served: Int
    /// Records each pusher pushes (ids no other pusher uses).
    let pushed: Int
    let repeats: Int
    /// The numbers of concurrent pushers, then pullers, each scenario runs; the first is the one the others are
    /// compared with.
    var pushClients = [1, 10, 50]
    var pullClients = [1, 10, 50]
    /// The served replica, copied for each run: `base` in `work` unless set.
    var base: String?
    let idleConnections = 1_000

    typealias Result = [String: Any]

    func path(_ name: String) -> String { work + "/" + name }

    func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    /// A child that prints `READY`, waits for a line on standard input, then prints its result.
    final class Client {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var buffered = ""

        init(executable: String, arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            try process.run()
        }

        func waitReady() throws {
            while !buffered.contains("READY\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { throw BenchFailure("\(process.arguments?.first ?? "?") ended before READY") }
                buffered += String(decoding: data, as: UTF8.self)
            }
        }

        func go() { input.fileHandleForWriting.write(Data("GO\n".utf8)) }

        func finish() throws -> Result {
            try? input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw BenchFailure(
                    "\(process.arguments?.joined(separator: " ") ?? "?") exited with "
                        + "\(process.terminationStatus)")
            }
            return try Runner.parse(buffered + String(decoding: data, as: UTF8.self), step: "load client")
        }
    }

    /// What one run of concurrent clients did.
    struct Run {
        var records = 0
        var seconds = 0.0
        var serverPeak = 0
        var rate: Double { seconds > 0 ? Double(records) / seconds : 0 }
    }

    /// A fresh server over a copy of the prepared replica, `pushers` and `pullers` started, prepared, released at
    /// once and waited for.
    func run(pushers: Int, pullers: Int, label: String) throws -> Run {
        let directory = path("run-\(label)")
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: base ?? path("base"), toPath: directory + "/server")
        let server = try Runner.Server(executable: executable, directory: directory + "/server")
        var clients: [Client] = []
        for index in 0..<pushers {
            let first = served + index * pushed
            clients.append(
                try Client(
                    executable: executable,
                    arguments: [
                        "load-push", directory + "/push-\(index)", String(server.port), String(first),
                        String(pushed),
                    ]))
        }
        for index in 0..<pullers {
            clients.append(
                try Client(
                    executable: executable, arguments: ["load-pull", directory + "/pull-\(index)", String(server.port)])
            )
        }
        for client in clients { try client.waitReady() }
        for client in clients { client.go() }
        let results = try clients.map { try $0.finish() }
        let stopped = try server.stop()
        try? FileManager.default.removeItem(atPath: directory)
        let start = results.map { Runner.double($0, "start") }.min() ?? 0
        let end = results.map { Runner.double($0, "end") }.max() ?? 0
        return Run(
            records: results.reduce(0) { $0 + Runner.int($1, "records") }, seconds: end - start,
            serverPeak: Runner.int(stopped, "peak_rss"))
    }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// Cold pulls of the whole dataset by one client, `repeats` times, with `held` idle connections open.
    func pullTimes(held: Int) throws -> [Double] {
        let directory = path("idle-\(held)")
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let server = try Runner.Server(executable: executable, directory: base ?? path("base"))
        var holder: Client?
        if held > 0 {
            let client = try Client(executable: executable, arguments: ["hold", String(server.port), String(held)])
            try client.waitReady()
            holder = client
        }
        var times: [Double] = []
        for index in 0..<repeats {
            let puller = try Client(
                executable: executable, arguments: ["load-pull", directory + "/pull-\(index)", String(server.port)])
            try puller.waitReady()
            puller.go()
            let result = try puller.finish()
            times.append(Runner.double(result, "end") - Runner.double(result, "start"))
        }
        if let holder { _ = try holder.finish() }
        _ = try server.stop()
        try? FileManager.default.removeItem(atPath: directory)
        return times
    }

    /// One scenario's figures: with `clients` concurrent clients, the median wall time and aggregate rate of
    /// `repeats` runs, the records one run moved and the server's highest peak RSS over the runs.
    struct Scenario {
        var clients = 0
        var records = 0
        var seconds = 0.0
        var rate = 0.0
        var serverPeak = 0
    }

    /// The push (or pull) scenario with each number of `clients` in turn.
    func scenarios(push isPush: Bool, clients counts: [Int]) throws -> [Scenario] {
        let name = isPush ? "push" : "pull"
        return try counts.map { clients in
            var runs: [Run] = []
            for repeat_ in 0..<repeats {
                log("load: \(name) with \(clients) clients, run \(repeat_ + 1)")
                runs.append(
                    try run(
                        pushers: isPush ? clients : 0, pullers: isPush ? 0 : clients,
                        label: "\(name)-\(clients)-\(repeat_)"))
            }
            return Scenario(
                clients: clients, records: runs[0].records, seconds: median(runs.map(\.seconds)),
                rate: median(runs.map(\.rate)), serverPeak: runs.map(\.serverPeak).max() ?? 0)
        }
    }

    func main() throws {
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        log("load: generate and import \(served) served rows")
        _ = try Runner.run(executable: executable, ["generate", path("rows.ndjson"), String(served)])
        _ = try Runner.run(executable: executable, ["import", path("base"), path("rows.ndjson")])

        var lines: [String] = []
        lines.append(
            "| scenario | clients | records moved | wall (median of \(repeats)) | aggregate rate | vs 1 client |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        var verdicts: [String] = []
        for (name, isPush) in [("push", true), ("pull", false)] {
            let all = try scenarios(push: isPush, clients: isPush ? pushClients : pullClients)
            let single = all.first?.rate ?? 0
            for scenario in all {
                let ratio = single > 0 ? scenario.rate / single : 0
                lines.append(
                    "| \(name) | \(scenario.clients) | \(scenario.records) | \(Self.f(scenario.seconds)) s "
                        + "| \(Self.f(scenario.rate, 0)) rec/s | \(Self.f(ratio))x |")
                log(lines[lines.count - 1])
            }
            if let last = all.last, all.count > 1 {
                let ratio = single > 0 ? last.rate / single : 0
                verdicts.append(
                    "| \(name): \(last.clients)-client aggregate rate vs \(all[0].clients) client | \(Self.f(ratio))x "
                        + "| >= 0.5x | " + (ratio >= 0.5 ? "pass" : "**FAIL**") + " |")
            }
        }
        log("load: 50 pushers and 50 pullers at once")
        let mixed = try run(pushers: 50, pullers: 50, label: "mixed")
        let peak = Double(mixed.serverPeak) / 1_048_576
        verdicts.append(
            "| server peak RSS, 50 pushers + 50 pullers (\(mixed.records) records in \(Self.f(mixed.seconds)) s) | "
                + "\(Self.f(peak, 1)) MiB | < 256 MiB | " + (peak < 256 ? "pass" : "**FAIL**") + " |")
        log(verdicts[verdicts.count - 1])
        log("load: pulls unloaded")
        let unloaded = median(try pullTimes(held: 0))
        log("load: pulls with \(idleConnections) idle connections held")
        let loaded = median(try pullTimes(held: idleConnections))
        let ratio = unloaded > 0 ? loaded / unloaded : 0
        verdicts.append(
            "| cold pull of \(served) rows with \(idleConnections) idle connections held vs unloaded | "
                + "\(Self.f(loaded)) s vs \(Self.f(unloaded)) s = \(Self.f(ratio))x | < 2x | "
                + (ratio < 2 ? "pass" : "**FAIL**") + " |")

        print(lines.joined(separator: "\n"))
        print("")
        print("| figure | measured | target | verdict |")
        print("| --- | --- | --- | --- |")
        print(verdicts.joined(separator: "\n"))
    }

    static func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
}
