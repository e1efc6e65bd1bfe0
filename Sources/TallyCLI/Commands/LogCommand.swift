import Foundation
import Wire
import ArgumentParser
import Store

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The latest changes, newest first.",
        discussion: """
            One line per changed record, for its latest change: the feed sequence, when it was written \
            (RFC 3339, UTC), the record, "written" and the fields it set or cleared, or "deleted", and where it \
            was made (local, or the first 8 hex digits of the site it came from). With --store postgres://... the \
            changes of that PostgreSQL database (a server's shared store; local: made there).

            Example: tally log fr --limit 5
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The dataset.") var dataset: String
    @Option(help: "How many changes.") var limit = 20

    func run() async throws {
        guard limit >= 0 else { throw CLIError("--limit takes a number of changes, 0 or more") }
        let (dataset, limit) = (self.dataset, self.limit)
        let (site, entries) = try await ServedStore.with(global, storeOptions) { store in
            (store.siteID, try await store.log(dataset: dataset, limit: limit))
        }
        if global.json {
            Output.json(
                .array(
                    entries.map {
                        .object([
                            ("sequence", .int($0.sequence)), ("time", .string(StatusCommand.timestamp($0.time))),
                            ("type", .string($0.type.name)), ("id", .string($0.id)), ("change", .string(change($0))),
                            ("fields", .array($0.fields.map { .string($0) })), ("deleted", .bool($0.deleted)),
                            ("site", .string($0.site.hex)), ("local", .bool($0.site == site)),
                            ("clock", .string($0.clock.description)),
                        ])
                    }
                )
            )
        } else {
            for entry in entries {
                let origin = entry.site == site ? "local" : "from " + String(entry.site.hex.prefix(8))
                let written = entry.fields.isEmpty ? "" : " " + entry.fields.joined(separator: ", ")
                Output.line(
                    "\(entry.sequence)\t\(StatusCommand.timestamp(entry.time))\t\(entry.type.name) \(entry.id)\t"
                        + "\(change(entry))\(written)\t\(origin)"
                )
            }
        }
    }

    /// `deleted` or `written`: what the entry's latest write did to the record.
    private func change(_ entry: LogEntry) -> String { entry.deleted ? "deleted" : "written" }
}
