import Wire
import ArgumentParser
import Foundation
import Records
import Replica
import Store

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the dataset's live records, sorted by type then id (deterministic bytes).",
        discussion: """
            --output is written to a temporary file beside it and renamed into place when complete, so a failed \
            export leaves the old file as it was; a directory is refused.

            With --store postgres://... the records are read from that PostgreSQL database (a server's shared \
            store), a page at a time, instead of -C DIR: the same bytes as an export of a replica that holds them.

            Example: tally export fr --output fr.csv
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The dataset.") var dataset: String
    @Option(help: "ndjson, json, csv, nist or popolo (default: from --output's name, else ndjson).") var format: String?
    @Option(help: "The file to write, replaced when complete (default: standard output).") var output: String?

    /// Records per page read from a store (`--store`).
    static let pageSize = 2_000

    func run() async throws {
        let format = try RecordFormat.parse(self.format, path: output)
        if storeOptions.url == nil {
            try exportReplica(format: format)
        } else {
            try await exportStore(format: format)
        }
    }

    /// The replica in -C DIR, in one pass over its snapshot.
    private func exportReplica(format: RecordFormat) throws {
        let replica = try ReplicaLocation.open(global)
        guard let info = try replica.dataset(named: dataset) else { throw CLIError("no dataset \(dataset)") }
        let export = try RecordExport(info, format: format, output: output)
        try replica.forEachLiveRecord(dataset: dataset) { try export.add($0) }
        try export.finish()
    }

    /// The store of `--store`, a page at a time.
    private func exportStore(format: RecordFormat) async throws {
        let (name, output) = (dataset, self.output)
        try await ServedStore.with(global, storeOptions) { store in
            guard let info = try await store.dataset(named: name) else { throw CLIError("no dataset \(name)") }
            let export = try RecordExport(info, format: format, output: output)
            try await store.forEachLiveRecord(dataset: name, pageSize: Self.pageSize) { try export.add($0) }
            try export.finish()
        }
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
