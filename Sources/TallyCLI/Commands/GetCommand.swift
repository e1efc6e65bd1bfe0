import Foundation
import Wire
import ArgumentParser
import Replica
import Store

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one record.",
        discussion: """
            With --store postgres://... the record is read from that PostgreSQL database (a server's shared store).

            Example: tally get fr t-75001-1
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The record id.") var id: String

    func run() async throws {
        let (dataset, id) = (self.dataset, self.id)
        let found: RecordState? = try await ServedStore.with(global, storeOptions) { store in
            guard try await store.dataset(named: dataset) != nil else { throw CLIError("no dataset \(dataset)") }
            return try await store.records(dataset: dataset, ids: [id]).first
        }
        guard let state = found else { throw CLIError("no record \(id) in \(dataset)") }
        let view = RecordView(state: state)
        if global.json { Output.json(view.json) } else { Output.line(view.text) }
    }
}
