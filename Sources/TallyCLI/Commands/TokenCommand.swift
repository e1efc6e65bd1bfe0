import Foundation
import Wire
import ArgumentParser
import Replica

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage the access tokens of a server's replica.", subcommands: [Create.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; it is printed once and stored only as a SHA-256 hash.",
            discussion: """
                Run it in the server's DIR. Once any token exists, every client must present one.

                Example: tally -C ~/server token create --dataset fr --scope write > write.token
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "The dataset the token is for, or '*' for all.") var dataset: String
        @Option(help: "read or write") var scope: String

        func run() throws {
            guard let scope = TokenScope(rawValue: scope) else { throw CLIError("--scope takes read or write") }
            let replica = try ReplicaLocation.open(global)
            let token = try replica.createToken(dataset: dataset == "*" ? nil : dataset, scope: scope)
            if global.json {
                Output.json(
                    .object([
                        ("token", .string(token)), ("dataset", .string(dataset)), ("scope", .string(scope.rawValue)),
                    ]))
            } else {
                Output.line(token)
            }
        }
    }
}
