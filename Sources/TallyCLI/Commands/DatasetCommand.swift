import Foundation
import ArgumentParser
import Store
import Wire

struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset", abstract: "Create and list datasets.",
        subcommands: [Create.self, List.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an empty dataset.", discussion: "Example: tally dataset create fr --kind election")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The dataset name: 1-64 of A-Z a-z 0-9 . _ -") var name: String
        @Option(help: "election or statement") var kind: String

        func run() async throws {
            guard let kind = DatasetKind(name: kind) else {
                throw CLIError("unknown kind \"\(kind)\" (use election or statement)")
            }
            let name = self.name
            try await ServedStore.with(global, storeOptions) { try await $0.createDataset(name: name, kind: kind) }
            if global.json {
                Output.json(.object([("name", .string(name)), ("kind", .string(kind.name))]))
            } else {
                Output.line("created \(kind.name) dataset \(name)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the datasets of this replica.", discussion: "Example: tally dataset list --json")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let datasets = try await ServedStore.with(global, storeOptions) { try await $0.datasets() }
            if global.json {
                Output.json(.array(datasets.map(\.json)))
            } else {
                for dataset in datasets {
                    Output.line(
                        "\(dataset.name)\t\(dataset.kind.name)\t\(dataset.recordCount) records\t"
                            + "\(dataset.conflictCount) conflicts")
                }
            }
        }
    }
}

extension DatasetInfo {
    var json: JSONText {
        .object([
            ("name", .string(name)), ("kind", .string(kind.name)), ("records", .int(recordCount)),
            ("conflicts", .int(conflictCount)), ("epoch", .string(String(epoch, radix: 16))),
            ("sequence", .int(sequence)),
        ])
    }
}
