import Wire
import ArgumentParser
import Foundation
import Records
import Replica
import Store

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the dataset's live records, sorted by type then id (deterministic bytes).",
        discussion: """
            --output is written to a temporary file beside it and renamed into place when complete, so a failed \
            export leaves the old file as it was; a directory is refused.

            Example: tally export fr --output fr.csv
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Option(help: "ndjson, json, csv, nist or popolo (default: from --output's name, else ndjson).") var format: String?
    @Option(help: "The file to write, replaced when complete (default: standard output).") var output: String?

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        guard let info = try replica.dataset(named: dataset) else { throw CLIError("no dataset \(dataset)") }
        let format = try RecordFormat.parse(format, path: output)
        try format.check(kind: info.kind)
        var writer = format.writer(kind: info.kind)
        let sink = try OutputSink(path: output)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        let progress = ProgressLine()
        defer { progress.finish() }
        var written: UInt64 = 0
        try replica.forEachLiveRecord(dataset: dataset) { state in
            try writer.write(state.userRecord, into: &buffer)
            written += 1
            if written % 1024 == 0 { progress.update("export", dataset, written, total: UInt64(info.recordCount)) }
            if buffer.count >= 1 << 20 {
                try sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        writer.finish(into: &buffer)
        try sink.write(buffer)
        try sink.close()
    }
}

/// Standard output, or a file written through `AtomicFile` (renamed into place only when complete).
final class OutputSink {
    private let file: AtomicFile?

    init(path: String?) throws {
        file = try path.map { try AtomicFile(path: $0) }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        guard let file else {
            try FileHandle.standardOutput.write(contentsOf: bytes)
            return
        }
        try file.write(bytes)
    }

    func close() throws {
        try file?.commit()
    }
}
