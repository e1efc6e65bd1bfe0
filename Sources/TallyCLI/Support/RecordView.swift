import Foundation
import Records
import Replica
import Store
import Wire

/// How `tally get` shows a record: its values, whether it is deleted, its conflicts and versions.
struct RecordView {
    let state: RecordState

    var json: JSONText {
        var members: [(String, JSONText)] = [("type", .string(state.type.name)), ("id", .string(state.id))]
        members += state.userRecord.fields.map { ($0.name, JSONText($0.value)) }
        members.append(("_deleted", .bool(state.isDeleted)))
        members.append(
            (
                "_conflicts",
                .array(
                    state.openConflicts.map {
                        .object([
                            ("field", .string($0.field)), ("winner", JSONText($0.winner)),
                            ("losers", .array($0.losers.map { JSONText($0) })),
                        ])
                    }
                )
            )
        )
        members.append(
            (
                "_versions",
                .object(state.versionVector.entries.map { ($0.site.hex, .string($0.clock.description)) })
            )
        )
        return .object(members)
    }

    var text: String {
        var lines = ["\(state.type.name) \(state.id)\(state.isDeleted ? " (deleted)" : "")"]
        let width = state.userRecord.fields.map(\.name.count).max() ?? 0
        for field in state.userRecord.fields {
            lines.append(
                "  " + field.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + field.value.displayText)
        }
        for conflict in state.openConflicts {
            lines.append(
                "  conflict on \(conflict.field): \(conflict.winner.displayText) wins over "
                    + conflict.losers.map(\.displayText).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
