import Foundation
import ArgumentParser
import Records
import Replica
import Store
import Wire

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a conflict with a new write that covers both sides; it syncs like any edit.",
        discussion: "Example: tally resolve fr t-1 votes --value 8744080"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The record id.") var id: String
    @Argument(help: "The field in conflict (_deleted for a delete/edit conflict).") var field: String
    @Flag(help: "Keep the winning value.") var keep = false
    @Option(help: "Settle on this value.") var value: String?

    func run() throws {
        guard keep != (value != nil) else { throw CLIError("give exactly one of --keep or --value VALUE") }
        let replica = try ReplicaLocation.open(global)
        guard let state = try replica.record(dataset: dataset, id: id) else {
            throw CLIError("no record \(id) in \(dataset)")
        }
        var newValue: FieldValue?
        if let value {
            guard field != "_deleted" else { throw CLIError("settle a _deleted conflict with --keep, or put/delete") }
            guard let spec = RecordSchema.for(state.type).field(named: field) else {
                throw CLIError("a \(state.type.name) has no field \(field)")
            }
            newValue = try FieldValueParser.parse(value, as: spec.kind)
        }
        let resolved = try replica.resolve(dataset: dataset, id: id, field: field, value: newValue)
        if global.json {
            Output.json(RecordView(state: resolved).json)
        } else {
            Output.line("resolved \(state.type.name) \(id) \(field) = \(resolved.value(of: field).displayText)")
        }
    }
}
