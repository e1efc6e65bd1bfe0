import Foundation
import Wire
import ArgumentParser
import Replica

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The latest changes, newest first.", discussion: "Example: tally log fr")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Option(help: "How many changes.") var limit = 20

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        let entries = try replica.log(dataset: dataset, limit: limit)
        if global.json {
            Output.json(
                .array(
                    entries.map {
                        .object([
                            ("sequence", .int($0.sequence)), ("type", .string($0.type.name)), ("id", .string($0.id)),
                            ("deleted", .bool($0.deleted)), ("clock", .string($0.clock.description)),
                            ("site", .string($0.site.hex)),
                        ])
                    }
                )
            )
        } else {
            for entry in entries {
                let origin = entry.site == replica.siteID ? "local" : "from " + String(entry.site.hex.prefix(8))
                Output.line(
                    "\(entry.sequence)\t\(entry.type.name) \(entry.id)\(entry.deleted ? " (deleted)" : "")\t"
                        + "\(origin)")
            }
        }
    }
}
