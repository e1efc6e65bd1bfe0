import Foundation
import Wire
import ArgumentParser
import Replica
import Store

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List open conflicts: concurrent edits of one field; the losing values are kept here.",
        discussion: "JSON: an array of {type, id, field, winner, losers}.\n\nExample: tally conflicts fr --json"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        let conflicts = try replica.conflicts(dataset: dataset)
        if global.json {
            Output.json(
                .array(
                    conflicts.map {
                        .object([
                            ("type", .string($0.type.name)), ("id", .string($0.id)), ("field", .string($0.field)),
                            ("winner", JSONText($0.winner)), ("losers", .array($0.losers.map { JSONText($0) })),
                        ])
                    }
                )
            )
        } else if conflicts.isEmpty {
            Output.line("no conflicts in \(dataset)")
        } else {
            for conflict in conflicts {
                Output.line(
                    "\(conflict.type.name) \(conflict.id) \(conflict.field): \(conflict.winner.displayText) "
                        + "(winning) vs " + conflict.losers.map(\.displayText).joined(separator: ", "))
            }
        }
    }
}
