import Foundation
import ArgumentParser
import Records
import Replica
import Store
import Wire

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a dataset against the election rules and for dangling references.",
        discussion: """
            Each violation names its rule and the records that break it. References are not enforced at write \
            time because records arrive in any order offline. Exits 1 when a rule is broken. --rules lists the \
            rules; docs/checks.md explains each one. With --store postgres://... the records of that PostgreSQL \
            database (a server's shared store) are checked.

            Example: tally check fr --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The dataset.") var dataset: String?
    @Flag(help: "List the rules, one line each, and exit.") var rules = false
    @Flag(help: "Also check the store file itself (SQLite integrity_check).") var integrity = false

    func run() async throws {
        if rules {
            listRules()
            return
        }
        guard let dataset else { throw CLIError("name a dataset to check (tally check NAME), or use --rules") }
        var checker = RuleChecker()
        if storeOptions.url != nil {
            guard !integrity else {
                throw CLIError("--integrity checks a replica's SQLite file; it does not go with --store")
            }
            try await ServedStore.with(global, storeOptions) { store in
                try await store.forEachLiveRecord(dataset: dataset) { checker.add($0.userRecord) }
            }
        } else {
            let replica = try ReplicaLocation.open(global)
            if integrity {
                let report = try replica.integrityCheck()
                guard report == ["ok"] else {
                    throw CLIError("integrity check failed: " + report.prefix(3).joined(separator: "; "))
                }
            }
            try replica.forEachLiveRecord(dataset: dataset) { checker.add($0.userRecord) }
        }
        let violations = checker.violations()
        if global.json {
            Output.json(
                .array(
                    violations.map { violation in
                        .object([
                            ("rule", .string(violation.rule.name)),
                            ("records", .array(violation.records.map { .string($0) })),
                            ("message", .string(violation.message)),
                        ])
                    }
                )
            )
        } else if violations.isEmpty {
            Output.line("\(dataset): every rule holds (\(CheckRule.allCases.count) rules, see tally check --rules)")
        } else {
            for violation in violations { Output.line("\(violation.rule.name): \(violation.message)") }
        }
        if !violations.isEmpty {
            let broken = Set(violations.map(\.rule)).count
            throw CLIError(
                "\(dataset): \(violations.count) violation\(violations.count == 1 ? "" : "s") of \(broken) "
                    + "rule\(broken == 1 ? "" : "s")"
            )
        }
    }

    private func listRules() {
        if global.json {
            Output.json(
                .array(
                    CheckRule.allCases.map {
                        .object([("rule", .string($0.name)), ("description", .string($0.summary))])
                    }
                )
            )
        } else {
            let width = CheckRule.allCases.map(\.name.count).max() ?? 0
            for rule in CheckRule.allCases {
                Output.line(rule.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + rule.summary)
            }
        }
    }
}
