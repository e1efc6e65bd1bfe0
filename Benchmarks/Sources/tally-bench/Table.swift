import BenchSupport
import Foundation

/// Issue 9's targets, one row each, printed as a Markdown table: measured, baseline (measured in the same run),
/// ratio, target, verdict. With several runs of the main scenario each column is the median over the runs, the
/// ratio being the median of each run's ratio to its own baseline.
struct Table {
    var records = 0
    /// The runs of the main scenario.
    var runs: [ScenarioFigures] = []
    /// The memory-only pass: its rows and the peak RSS of its server and client.
    var memory: (records: Int, server: Int, client: Int)?
    /// The pull scenarios of the load runner: one client, then the concurrent clients.
    var load: [LoadRunner.Scenario]?

    private var rows: [String] = []

    /// How a row's values print.
    enum Unit {
        case rate, seconds, milliseconds, bytes
    }

    /// What a row's ratio is.
    enum Ratio {
        /// measured / baseline.
        case measured
        /// baseline / measured (how many times faster than the baseline).
        case speedup
        /// No ratio (the target is on the measured value).
        case omitted
    }

    /// A row from each run's (measured, baseline): `pass` judges the medians of the measured values and of each
    /// run's `ratio`.
    private mutating func row(
        _ figure: String, _ unit: Unit, baseline name: String, target: String, ratio: Ratio = .measured,
        pass: (Double, Double) -> Bool, _ values: (ScenarioFigures) -> (Double, Double)
    ) {
        let pairs = runs.map(values)
        let measured = Self.median(pairs.map { $0.0 })
        let baseline = Self.median(pairs.map { $0.1 })
        let ratios = pairs.map { ratio == .speedup ? $0.1 / $0.0 : $0.0 / $0.1 }
        let median = Self.median(ratios)
        line(
            figure, format(measured, unit), "\(name) \(format(baseline, unit))",
            ratio == .omitted ? "-" : f(median) + "x", target, pass(measured, median))
    }

    private mutating func line(
        _ figure: String, _ measured: String, _ baseline: String, _ ratio: String, _ target: String, _ pass: Bool?
    ) {
        let verdict = pass.map { $0 ? "pass" : "FAIL" } ?? "-"
        rows.append("| \(figure) | \(measured) | \(baseline) | \(ratio) | \(target) | \(verdict) |")
    }

    static func median(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.sorted()[values.count / 2]
    }

    private func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
    private func mb(_ bytes: Int) -> String { f(Double(bytes) / 1_048_576, 1) + " MiB" }

    private func format(_ value: Double, _ unit: Unit) -> String {
        switch unit {
        case .rate: return "\(Int(value)) rec/s"
        case .seconds: return f(value, 3) + " s"
        case .milliseconds: return f(value * 1000, 1) + " ms"
        case .bytes: return value >= 1_048_576 ? mb(Int(value)) : f(value / 1024, 1) + " KiB"
        }
    }

    mutating func print() {
        let n = records
        let first = runs.first ?? ScenarioFigures()
        let limit = "sqlite-limit"
        row(
            "cold pull of \(n) into an empty replica: rate", .rate, baseline: limit, target: "≥ 0.6x",
            pass: { $1 >= 0.6 }
        ) {
            (Double($0.records) / $0.coldSeconds, $0.limitRate)
        }
        row("`tally import` of \(n): rate", .rate, baseline: limit, target: "≥ 0.6x", pass: { $1 >= 0.6 }) {
            (Double($0.records) / $0.importSeconds, $0.limitRate)
        }
        row(
            "apply into an empty store (batches of 2,000): rate", .rate, baseline: limit, target: "≥ 0.8x",
            pass: { $1 >= 0.8 }
        ) {
            ($0.applyEmptyRate, $0.limitRate)
        }
        row(
            "push of \(first.pushRecords) to an empty server: rate", .rate, baseline: limit, target: "≥ 0.6x",
            pass: { $1 >= 0.6 }
        ) {
            (Double($0.pushRecords) / $0.pushSeconds, $0.limitRate)
        }
        row(
            "cold pull of \(n): time", .seconds, baseline: "`git clone` over git daemon", target: "≤ 1x",
            pass: { $1 <= 1 }
        ) {
            ($0.coldSeconds, $0.gitSeconds)
        }
        row(
            "cold pull of \(n): bytes on the wire", .bytes, baseline: "`git clone` pack", target: "≤ 1x",
            pass: { $1 <= 1 }
        ) {
            (Double($0.coldWire), Double($0.gitBytes))
        }
        row(
            "cold pull of \(n): bytes on the wire", .bytes, baseline: "gzip -6 of the NDJSON", target: "≤ 1x",
            pass: { $1 <= 1 }
        ) {
            (Double($0.coldWire), Double($0.gzipBytes))
        }
        row(
            "delta pull of \(first.deltaRecords) changed: bytes on the wire", .bytes,
            baseline: "gzip -6 of their NDJSON",
            target: "≤ 2x", pass: { $1 <= 2 }
        ) { (Double($0.deltaWire), Double($0.deltaGzip)) }
        row(
            "first `tally sync` after a cold pull of \(n), beyond process start", .milliseconds,
            baseline: "`tally --version`", target: "< 20 ms", ratio: .omitted, pass: { measured, _ in measured < 0.020 }
        ) { ($0.cli.firstBeyondStart, CLISyncRunner.Figures.median($0.cli.start)) }
        row(
            "no-op `tally sync` of \(n), beyond process start", .milliseconds, baseline: "`tally --version`",
            target: "< 20 ms", ratio: .omitted, pass: { measured, _ in measured < 0.020 }
        ) { ($0.cli.noopBeyondStart, CLISyncRunner.Figures.median($0.cli.start)) }
        row(
            "delta pull of \(first.deltaRecords) changed out of \(n): time", .seconds,
            baseline: "`rsync -a` from an rsync daemon", target: "rsync ≥ 10x", ratio: .speedup, pass: { $1 >= 10 }
        ) { ($0.deltaSeconds, $0.rsyncSeconds) }
        row("`tally export` of \(n): time", .seconds, baseline: "cold pull", target: "≤ 0.25x", pass: { $1 <= 0.25 }) {
            ($0.exportSeconds, $0.coldSeconds)
        }
        appendMemory()
        appendLoad()
        printRows()
        let noop = runs.map { Self.median($0.noopSeconds) }
        Swift.print(
            "Medians of \(runs.count) run(s). Also measured: sqlite-limit with a state blob of \(first.stateBytes) B "
                + "(the average encoded state of the generated rows); in-process first sync after the cold pull "
                + "\(format(Self.median(runs.map(\.firstSyncSeconds)), .milliseconds)), no-op sync "
                + "\(format(Self.median(noop), .milliseconds)); edit of \(first.deltaRecords) rows on the server "
                + "\(format(Self.median(runs.map(\.editSeconds)), .milliseconds)); delta pull "
                + "\(f(Self.median(runs.map { $0.deltaSeconds / $0.coldSeconds * 100 }), 3))% of the cold pull; "
                + "apply of \(first.applyPopulatedRecords) new rows into the pulled store "
                + "\(format(Self.median(runs.map(\.applyPopulatedRate)), .rate)); raw NDJSON \(mb(first.ndjsonBytes)).")
    }

    /// Peak RSS of the server (serving a cold pull) and of the cold-pulling client: the larger dataset against
    /// the smaller.
    private mutating func appendMemory() {
        let server = Int(Self.median(runs.map { Double($0.serverPeak) }))
        let client = Int(Self.median(runs.map { Double($0.clientPeak) }))
        guard let memory else {
            line(
                "peak RSS at \(records) rows (no `--memory` pass)", "server \(mb(server)), client \(mb(client))", "-",
                "-", "≤ 1.10x", nil)
            return
        }
        for (name, main, other) in [("server", server, memory.server), ("client", client, memory.client)] {
            let (small, large) = memory.records < records ? (other, main) : (main, other)
            let ratio = Double(large) / Double(max(1, small))
            line(
                "peak RSS, \(name), \(max(records, memory.records)) rows", mb(large),
                "\(min(records, memory.records)) rows \(mb(small))", f(ratio) + "x", "≤ 1.10x", ratio <= 1.10)
        }
    }

    /// The concurrent cold pulls against one client's, and the server's peak RSS under them.
    private mutating func appendLoad() {
        guard let load, let single = load.first, let many = load.last, load.count > 1 else { return }
        let ratio = single.rate > 0 ? many.rate / single.rate : 0
        line(
            "\(many.clients) clients each pulling \(records) at once: aggregate rate", format(many.rate, .rate),
            "1 client \(format(single.rate, .rate))", f(ratio) + "x", "≥ 0.5x (issue 12)", ratio >= 0.5)
        line(
            "server peak RSS under \(many.clients) concurrent cold pulls", mb(many.serverPeak),
            "1 client \(mb(single.serverPeak))", f(Double(many.serverPeak) / Double(max(1, single.serverPeak))) + "x",
            "< 256 MiB (issue 12)", many.serverPeak < 256 * 1_048_576)
    }

    /// Only the CLI sync rows (`tally-bench cli-sync`), from one measurement.
    mutating func printCLISync(_ cli: CLISyncRunner.Figures) {
        func ms(_ values: [Double]) -> String {
            values.map { f($0 * 1000, 1) }.joined(separator: ", ") + " ms"
        }
        let start = format(CLISyncRunner.Figures.median(cli.start), .milliseconds)
        line(
            "`tally sync` after a cold pull of \(records), beyond process start, median of \(cli.firstSync.count)",
            "\(format(cli.firstBeyondStart, .milliseconds)) (runs \(ms(cli.firstSync)))",
            "`tally --version` \(start)", "-", "< 20 ms", cli.firstBeyondStart < 0.020)
        line(
            "no-op `tally sync` of \(records), beyond process start, median of \(cli.noopSync.count)",
            "\(format(cli.noopBeyondStart, .milliseconds)) (runs \(ms(cli.noopSync)))",
            "`tally --version` \(start) (runs \(ms(cli.start)))", "-", "< 20 ms", cli.noopBeyondStart < 0.020)
        printRows()
    }

    private func printRows() {
        Swift.print("| figure | measured | baseline | ratio | target | verdict |")
        Swift.print("| --- | --- | --- | --- | --- | --- |")
        for line in rows { Swift.print(line) }
        Swift.print("")
    }
}
