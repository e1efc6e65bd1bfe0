import Foundation
import Wire
import ArgumentParser
import Records
import Replica
import Store

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records from a file: all or nothing; an error names the first bad line.",
        discussion: "Example: tally import fr results.ndjson"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The file to read.") var file: String
    @Option(help: "ndjson, json, csv, nist or popolo (default: from the file name, else ndjson).") var format: String?

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        guard let info = try replica.dataset(named: dataset) else {
            throw CLIError("no dataset \(dataset) (create it with tally dataset create)")
        }
        let format = try RecordFormat.parse(format, path: file)
        var reader = try format.reader(path: file, kind: info.kind)
        let progress = ProgressLine()
        defer { progress.finish() }
        var read: UInt64 = 0
        let result = try replica.importRecords(into: dataset) { emit in
            while let record = try reader.next() {
                try emit(record.type, record.id, record.fields.map { ($0.name, $0.value) })
                read += 1
                if read % 1024 == 0 { progress.update("import", dataset, read) }
            }
        }
        progress.finish()
        if global.json {
            Output.json(
                .object([
                    ("dataset", .string(dataset)), ("imported", .int(result.imported)),
                    ("created", .int(result.created)), ("changed", .int(result.changed)),
                    ("unchanged", .int(result.unchanged)),
                ])
            )
        } else {
            Output.line(
                "imported \(result.imported) records into \(dataset): \(result.created) created, "
                    + "\(result.changed) changed, \(result.unchanged) unchanged"
            )
        }
    }
}
