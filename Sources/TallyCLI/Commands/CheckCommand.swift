import Foundation
import ArgumentParser
import Replica
import Wire

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report dangling references (a tally whose election, unit or party is missing, ...).",
        discussion: "References are not enforced at write time because records arrive in any order offline. "
            + "Exits 1 when something dangles.\n\nExample: tally check fr"
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset.") var dataset: String
    @Flag(help: "Also check the store file itself (SQLite integrity_check).") var integrity = false

    /// (type, field, the types the field may point at)
    static let references: [(RecordType, String, [RecordType])] = [
        (.tally, "election_id", [.election]), (.tally, "unit_id", [.unit]), (.tally, "selection_id", [.party]),
        (.turnout, "election_id", [.election]), (.turnout, "unit_id", [.unit]), (.unit, "parent_id", [.unit]),
        (.party, "member_ids", [.party]), (.statement, "speaker_id", [.person]),
    ]

    func run() throws {
        let replica = try ReplicaLocation.open(global)
        if integrity {
            let report = try replica.integrityCheck()
            guard report == ["ok"] else {
                throw CLIError("integrity check failed: " + report.prefix(3).joined(separator: "; "))
            }
        }
        var ids: [RecordType: Set<String>] = [:]
        var pending: [(RecordType, String, String, String, [RecordType])] = []
        try replica.forEachLiveRecord(dataset: dataset) { state in
            ids[state.type, default: []].insert(state.id)
            for (type, field, targets) in Self.references where type == state.type {
                switch state.value(of: field) {
                case .string(let target): pending.append((type, state.id, field, target, targets))
                case .list(let items): for item in items { pending.append((type, state.id, field, item, targets)) }
                default: break
                }
            }
        }
        let dangling = pending.filter { entry in !entry.4.contains { ids[$0]?.contains(entry.3) == true } }
        if global.json {
            Output.json(
                .object([
                    ("dataset", .string(dataset)), ("ok", .bool(dangling.isEmpty)),
                    (
                        "dangling",
                        .array(
                            dangling.map {
                                .object([
                                    ("type", .string($0.0.name)), ("id", .string($0.1)), ("field", .string($0.2)),
                                    ("target", .string($0.3)),
                                ])
                            }
                        )
                    ),
                ])
            )
        } else if dangling.isEmpty {
            Output.line("\(dataset): every reference resolves")
        } else {
            for entry in dangling {
                Output.line(
                    "\(entry.0.name) \(entry.1): \(entry.2) → \(entry.3) (no such "
                        + entry.4.map(\.name).joined(separator: " or ") + ")")
            }
        }
        if !dangling.isEmpty { throw CLIError("\(dangling.count) dangling references in \(dataset)") }
    }
}
