import Foundation
import ArgumentParser
import Records
import Replica
import Store
import Wire

struct PutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Create or edit one record: tally put NAME TYPE ID FIELD=VALUE...",
        discussion: """
            FIELD= with nothing after = clears an optional field. Lists: a,b,c or ["a","b"].

            Example: tally put fr tally t-1 votes=8744080 status=official
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The record type.") var type: String
    @Argument(help: "The record id.") var id: String
    @Argument(help: "FIELD=VALUE assignments.") var assignments: [String] = []

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        guard let info = try replica.dataset(named: dataset) else { throw CLIError("no dataset \(dataset)") }
        guard let type = RecordType(name: type) else {
            throw CLIError(
                "unknown record type \"\(type)\" (use \(RecordType.allCases.map(\.name).joined(separator: ", ")))")
        }
        let changes = try FieldValueParser.parseAssignments(assignments, type: type, id: id, in: info.kind)
        let existing = try replica.record(dataset: dataset, id: id)
        if let existing, existing.type != type {
            throw CLIError("\(id) is a \(existing.type.name), not a \(type.name)")
        }
        if existing == nil || existing?.isDeleted == true {
            // A new record must be whole.
            _ = try RecordValidator.validate(
                Record(type: type, id: id, fields: changes.filter { $0.value != .null }), in: info.kind
            )
        }
        let state = try replica.put(dataset: dataset, type: type, id: id, values: changes.map { ($0.name, $0.value) })
        if global.json {
            Output.json(RecordView(state: state).json)
        } else {
            let verb =
                existing == nil || existing?.isDeleted == true ? "created" : state == existing ? "unchanged" : "updated"
            Output.line("\(verb) \(type.name) \(id)")
        }
    }
}
