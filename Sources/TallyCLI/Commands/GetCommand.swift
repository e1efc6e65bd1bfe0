import Foundation
import Wire
import ArgumentParser
import Replica
import Store

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one record.", discussion: "Example: tally get fr t-75001-1")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The record id.") var id: String

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        guard try replica.dataset(named: dataset) != nil else { throw CLIError("no dataset \(dataset)") }
        guard let state = try replica.record(dataset: dataset, id: id) else {
            throw CLIError("no record \(id) in \(dataset)")
        }
        let view = RecordView(state: state)
        if global.json { Output.json(view.json) } else { Output.line(view.text) }
    }
}
