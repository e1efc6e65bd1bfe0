import Foundation
import Wire
import ArgumentParser
import Replica

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The replica: its site, datasets, conflicts and remotes."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        let datasets = try replica.datasets()
        let remotes = try RemoteList(directory: global.directory)
        if global.json {
            Output.json(
                .object([
                    ("site", .string(replica.siteID.hex)),
                    ("directory", .string(replica.directory)),
                    ("datasets", .array(datasets.map(\.json))),
                    ("remotes", .array(remotes.entries.map { .object([("name", .string($0.name)), ("url", .string($0.url))]) })),
                ])
            )
        } else {
            Output.line("replica \(replica.siteID.hex) in \(replica.directory)")
            if datasets.isEmpty { Output.line("no datasets (tally dataset create NAME --kind election|statement)") }
            for dataset in datasets {
                Output.line("  \(dataset.name) (\(dataset.kind.name)): \(dataset.recordCount) records, "
                    + "\(dataset.conflictCount) conflicts, change \(dataset.sequence)")
            }
            for remote in remotes.entries { Output.line("  remote \(remote.name) \(remote.url)") }
        }
    }
}
