import Foundation
import Wire
import ArgumentParser
import Store

struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List open conflicts: concurrent edits of one field; the losing values are kept here.",
        discussion: """
            JSON: an array of {type, id, field, winner, losers}. With --store postgres://... those of that \
            PostgreSQL database (a server's shared store); resolve them on a replica, then push.

            Example: tally conflicts fr --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The dataset.") var dataset: String

    func run() async throws {
        let dataset = self.dataset
        let conflicts = try await ServedStore.with(global, storeOptions) { try await $0.conflicts(dataset: dataset) }
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
