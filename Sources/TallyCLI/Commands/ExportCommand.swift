import Wire
import ArgumentParser
import Foundation
import Records
import Replica

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the dataset's live records, sorted by type then id (deterministic bytes)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Option(help: "ndjson, json, csv, nist or popolo (default: from --output's name, else ndjson).") var format: String?
    @Option(help: "The file to write (default: standard output).") var output: String?

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        guard let info = try replica.dataset(named: dataset) else { throw CLIError("no dataset \(dataset)") }
        let format = try RecordFormat.parse(format, path: output)
        try format.check(kind: info.kind)
        var writer = format.writer(kind: info.kind)
        let sink = try OutputSink(path: output)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        try replica.forEachLiveRecord(dataset: dataset) { state in
            try writer.write(state.userRecord, into: &buffer)
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

/// Standard output, or a file written to a temporary name and renamed into place when complete.
final class OutputSink {
    private let handle: FileHandle
    private let temporary: String?
    private let destination: String?

    init(path: String?) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            temporary = nil
            destination = nil
            return
        }
        let temporary = path + ".tally-tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw CLIError("cannot write \(path)") }
        self.handle = handle
        self.temporary = temporary
        self.destination = path
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
    }

    func close() throws {
        guard let temporary, let destination else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: destination) {
            try FileManager.default.removeItem(atPath: destination)
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: destination)
    }
}
