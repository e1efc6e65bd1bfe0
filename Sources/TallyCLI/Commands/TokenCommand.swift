import Foundation
import Wire
import ArgumentParser
import Replica
import Store

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage the access tokens of a server's replica (or of its --store database).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; it is printed once and stored only as a SHA-256 hash.",
            discussion: """
                Run it in the server's DIR. Once any token exists, every client must present one (even after \
                every token is revoked). The token goes to stdout alone, so `> token.txt` keeps it.

                Example: tally -C ~/server token create --dataset fr --scope read --label desk --expires 30d
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The dataset the token is for, or '*' for all.") var dataset: String
        @Option(help: "read or write") var scope: String
        @Option(help: "A unique name for the token (default token-N).") var label: String?
        @Option(help: "Refuse the token after this long: 12h, 30d, 1d12h (default: never).") var expires: String?

        func run() async throws {
            guard let scope = TokenScope(rawValue: scope) else { throw CLIError("--scope takes read or write") }
            var expiry: Date?
            if let expires {
                guard let duration = DurationText.parse(expires), duration >= .seconds(1) else {
                    throw CLIError("--expires takes a duration such as 12h, 30d or 1d12h, not \"\(expires)\"")
                }
                expiry = Date().addingTimeInterval(TimeInterval(duration.components.seconds))
            }
            let created = try await ServedStore.with(global, storeOptions) { store in
                try await store.createToken(
                    dataset: dataset == "*" ? nil : dataset, scope: scope, label: label, expires: expiry)
            }
            if global.json {
                Output.json(.object([("token", .string(created.secret))] + TokenCommand.members(of: created.info)))
            } else {
                Output.line(created.secret)
                Output.note(
                    "created \(created.info.label) (\(created.info.id)): \(scope.rawValue) on \(dataset)"
                        + (created.info.expires.map { ", expires " + StatusCommand.timestamp($0) } ?? "")
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tokens (never their secrets), revoked ones included.",
            discussion: """
                Times are RFC 3339 in UTC; last use is recorded at most once a minute per token.

                Example: tally -C ~/server token list --json
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let tokens = try await ServedStore.with(global, storeOptions) { try await $0.tokens() }
            let now = Date()
            if global.json {
                Output.json(.array(tokens.map { .object(TokenCommand.members(of: $0, now: now)) }))
                return
            }
            guard !tokens.isEmpty else {
                Output.line("no tokens: the server is open (loopback only); create one with tally token create")
                return
            }
            let rows =
                [["ID", "LABEL", "SCOPE", "DATASET", "CREATED", "EXPIRES", "LAST USED", "STATUS"]]
                + tokens.map { token in
                    [
                        token.id, token.label, token.scope.rawValue, token.dataset ?? "*",
                        StatusCommand.timestamp(token.created), token.expires.map(StatusCommand.timestamp) ?? "never",
                        token.lastUsed.map(StatusCommand.timestamp) ?? "never", token.status(at: now).rawValue,
                    ]
                }
            let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                Output.line(
                    zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                        .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
                )
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by label or id: it is refused from the next handshake on.",
            discussion: """
                Sessions already open keep running until they end. The label is free again afterwards.

                Example: tally -C ~/server token revoke desk
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The token's label or id (tally token list shows both).") var token: String

        func run() async throws {
            let revoked = try await ServedStore.with(global, storeOptions) { try await $0.revokeToken(token) }
            if global.json {
                Output.json(.object(TokenCommand.members(of: revoked)))
            } else {
                Output.line("revoked \(revoked.label) (\(revoked.id))")
            }
        }
    }

    /// A token's JSON members: times RFC 3339 UTC or null, the dataset `*` for all.
    static func members(of token: TokenInfo, now: Date = Date()) -> [(String, JSONText)] {
        let time = { (date: Date?) -> JSONText in date.map { .string(StatusCommand.timestamp($0)) } ?? .null }
        return [
            ("id", .string(token.id)), ("label", .string(token.label)), ("scope", .string(token.scope.rawValue)),
            ("dataset", .string(token.dataset ?? "*")), ("created", time(token.created)),
            ("expires", time(token.expires)), ("last_used", time(token.lastUsed)), ("revoked", time(token.revoked)),
            ("status", .string(token.status(at: now).rawValue)),
        ]
    }
}
