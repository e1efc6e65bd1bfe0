import Foundation
import Wire
import ArgumentParser
import Replica

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a record (a tombstone that syncs; the record never comes back)."
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
