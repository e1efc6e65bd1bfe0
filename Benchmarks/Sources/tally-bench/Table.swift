import BenchSupport
import Foundation

/// The figures of one run, printed as a Markdown table with targets and verdicts.
struct Table {
    typealias Result = [String: Any]
    var records = 0
    var generated: Result = [:]
    var imported: Result = [:]
    var cold: Result = [:]
    var firstSync: Result = [:]
    var noop: [Result] = []
    var edit: Result = [:]
    var delta: Result = [:]
    var serverPeak = 0
    var clientPeak = 0
    var applyEmpty: Result = [:]
    var applyPopulated: Result = [:]
    var memory: (records: Int, server: Int, client: Int)?
    var cli: CLISyncRunner.Figures?

    private var rows: [String] = []

    private mutating func row(_ figure: String, _ measured: String, _ target: String, _ pass: Bool?) {
        let verdict = pass.map { $0 ? "pass" : "FAIL" } ?? "-"
        rows.append("| \(figure) | \(measured) | \(target) | \(verdict) |")
    }

    private func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
    private func mb(_ bytes: Int) -> String { f(Double(bytes) / 1_048_576, 1) + " MiB" }
    private func kb(_ bytes: Int) -> String { f(Double(bytes) / 1024, 1) + " KiB" }

    mutating func print() {
        let importSeconds = Runner.double(imported, "seconds")
        let importRate = Double(records) / importSeconds
        let coldSeconds = Runner.double(cold, "seconds")
        let coldWire = Runner.wire(cold)
        let gzip = Runner.int(generated, "gzip6")
        let deltaSeconds = Runner.double(delta, "seconds")
        let deltaWire = Runner.wire(delta)
        let deltaGzip = Runner.int(edit, "gzip6")
        let noopTimes = noop.map { Runner.double($0, "seconds") }.sorted()
        let noopMedian = noopTimes.isEmpty ? 0 : noopTimes[noopTimes.count / 2]
        let emptyRate = Runner.double(applyEmpty, "rate")
        let populatedRate = Runner.double(applyPopulated, "rate")

        row(
            "baseline: local NDJSON import of \(records) rows", "\(f(importSeconds)) s (\(Int(importRate)) rec/s)",
            "-", nil)
        row(
            "cold pull of \(Runner.int(cold, "received")) rows",
            "\(f(coldSeconds)) s = \(f(coldSeconds / importSeconds))x import",
            "≤ 1.5x", coldSeconds / importSeconds <= 1.5)
        row(
            "apply rate, empty store (sync batches of 2,000)",
            "\(Int(emptyRate)) rec/s = \(f(emptyRate / importRate))x import rate",
            "≥ 200,000 rec/s", emptyRate >= 200_000)
        row(
            "apply rate, store of \(records) (\(Runner.int(applyPopulated, "records")) new rows)",
            "\(Int(populatedRate)) rec/s = \(f(populatedRate / importRate))x import rate", "≥ 200,000 rec/s",
            populatedRate >= 200_000)
        row(
            "delta pull of \(Runner.int(delta, "received")) changed rows: time",
            "\(f(deltaSeconds * 1000, 1)) ms = \(f(deltaSeconds / coldSeconds * 100, 3))% of cold pull", "< 1%",
            deltaSeconds / coldSeconds < 0.01)
        row(
            "delta pull: bytes on the wire",
            "\(kb(deltaWire)) = \(f(Double(deltaWire) / Double(deltaGzip)))x gzip -6 "
                + "of their NDJSON (\(kb(deltaGzip)))", "≤ 2x", Double(deltaWire) <= 2 * Double(deltaGzip))
        row(
            "no-op sync (pull + push), median of \(noopTimes.count)",
            "\(f(noopMedian * 1000, 1)) ms (min \(f((noopTimes.first ?? 0) * 1000, 1)), max "
                + "\(f((noopTimes.last ?? 0) * 1000, 1)))", "< 20 ms", noopMedian < 0.020)
        row(
            "cold pull: bytes on the wire",
            "\(mb(coldWire)) = \(f(Double(coldWire) / Double(gzip)))x gzip -6 NDJSON "
                + "(\(mb(gzip)); raw NDJSON \(mb(Runner.int(generated, "bytes"))))", "≤ 1x", coldWire <= gzip)
        appendCLISync()
        if let memory {
            let server = Double(serverPeak) / Double(memory.server)
            let client = Double(clientPeak) / Double(memory.client)
            row(
                "peak RSS, server: \(memory.records) → \(records) rows",
                "\(mb(memory.server)) → \(mb(serverPeak)) "
                    + "= \(f(server))x", "≤ 1.10x", server <= 1.10)
            row(
                "peak RSS, client: \(memory.records) → \(records) rows",
                "\(mb(memory.client)) → \(mb(clientPeak)) "
                    + "= \(f(client))x", "≤ 1.10x", client <= 1.10)
        } else {
            row("peak RSS at \(records) rows", "server \(mb(serverPeak)), client \(mb(clientPeak))", "-", nil)
        }
        printRows()
        Swift.print(
            "first sync after the cold pull (in-process session): "
                + "\(f(Runner.double(firstSync, "seconds") * 1000, 1)) ms")
        Swift.print(
            "edit of \(Runner.int(edit, "records")) rows on the server: \(f(Runner.double(edit, "seconds") * 1000, 1)) ms"
        )
    }

    /// Only the CLI sync rows.
    mutating func printCLISync() {
        appendCLISync()
        printRows()
    }

    private mutating func appendCLISync() {
        guard let cli else { return }
        func ms(_ values: [Double]) -> String {
            values.map { f($0 * 1000, 1) }.joined(separator: ", ") + " ms"
        }
        let start = CLISyncRunner.Figures.median(cli.start)
        row(
            "`tally sync` after a cold pull of \(records), beyond process start, median of \(cli.firstSync.count)",
            "\(f(cli.firstBeyondStart * 1000, 1)) ms (runs \(ms(cli.firstSync)); `tally --version` \(f(start * 1000, 1)) ms)",
            "< 20 ms", cli.firstBeyondStart < 0.020)
        row(
            "no-op `tally sync` of \(records), beyond process start, median of \(cli.noopSync.count)",
            "\(f(cli.noopBeyondStart * 1000, 1)) ms (runs \(ms(cli.noopSync)); `tally --version` runs \(ms(cli.start)))",
            "< 20 ms", cli.noopBeyondStart < 0.020)
    }

    private func printRows() {
        Swift.print("| figure | measured | target | verdict |")
        Swift.print("| --- | --- | --- | --- |")
        for line in rows { Swift.print(line) }
        Swift.print("")
    }
}
