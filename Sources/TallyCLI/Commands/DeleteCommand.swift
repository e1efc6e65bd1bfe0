import Foundation
import Wire
import ArgumentParser
import Replica
import Store

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a record (a tombstone that syncs to every replica).",
        discussion: """
            Edit wins: if another replica edited the record without having seen this delete (before or after it, \
            whatever the clocks), the record stays live with that edit after a sync, and the delete shows as a \
            _deleted conflict in tally conflicts. Settle it with tally resolve NAME ID _deleted --keep (keep the \
            record) or by deleting it again. A delete no edit is concurrent with is final: the record comes back \
            only if someone puts it again after seeing the delete.

            Example: tally delete fr t-1
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The record id.") var id: String

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        let state = try replica.delete(dataset: dataset, id: id)
        if global.json {
            Output.json(.object([("type", .string(state.type.name)), ("id", .string(id)), ("deleted", .bool(true))]))
        } else {
            Output.line("deleted \(state.type.name) \(id)")
        }
    }
}
