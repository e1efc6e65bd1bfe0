public import ArgumentParser
import Foundation

/// The root of the `tally` command line.
public struct TallyCommand: AsyncParsableCommand {
    /// The verbs, the version, and the help of `tally`.
    public static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Sync versioned election and statement datasets between machines.",
        discussion: """
            Global options -C DIR and --json may stand before or after the verb. Without -C, tally uses the \
            replica that holds the current directory (searching upward, as git does). File arguments (import \
            FILE, export --output FILE, bundle FILE, --token-file, --ca) are relative to the current directory, \
            not to DIR.

            Exit codes: 0 done; 1 refused or invalid input (nothing was changed); 64 usage error; 75 a network \
            or server failure that running the same command again can fix (the transfer did not finish; what \
            was acknowledged stays).

            Example: tally init && tally dataset create fr --kind election && tally import fr results.ndjson
            """,
        version: TallyVersion.text,
        subcommands: [
            InitCommand.self, DatasetCommand.self, ImportCommand.self, ExportCommand.self, PutCommand.self,
            DeleteCommand.self, GetCommand.self, LogCommand.self, StatusCommand.self, CheckCommand.self,
            ConflictsCommand.self, ResolveCommand.self, RemoteCommand.self, PushCommand.self, PullCommand.self,
            SyncCommand.self, ServeCommand.self, TokenCommand.self, BundleCommand.self, MirrorCommand.self,
        ]
    )

    /// Made by ArgumentParser.
    public init() {}

    /// Verbs that have verbs of their own (`tally dataset create`).
    static func isGroup(_ word: String) -> Bool {
        ["dataset", "remote", "bundle", "token"].contains(word)
    }

    /// The names of the verbs (`init`, `dataset`, ...).
    static var verbNames: Set<String> { Set(configuration.subcommands.map { $0._commandName }) }

    /// Runs the command line: parses, runs the verb, and turns any failure into one line on stderr and an exit
    /// status with a fixed meaning (`ExitStatus`: 0 done, 1 refused, 64 usage, 75 retry).
    public static func runMain() async -> Never {
        let arguments = ArgumentOrder.normalized(Array(CommandLine.arguments.dropFirst()))
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own text.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            var text =
                (message(for: error).isEmpty ? "\(error)" : message(for: error))
                .split(separator: "\n").first.map(String.init) ?? "\(error)"
            // ArgumentParser blames the options after a word it does not know; the word is what is wrong.
            if let verb = arguments.first, !verb.hasPrefix("-"), !verbNames.contains(verb) {
                text = "unknown verb \"\(verb)\"; tally --help lists the verbs"
            }
            FileHandle.standardError.write(Data("tally: \(text)\n".utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(ExitStatus.done.rawValue)
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("tally: \(error.message)\n".utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        } catch  where exitCode(for: error) == .success {
            // --help and --version, when ArgumentParser reports them from the verb (async verbs).
            print(fullMessage(for: error))
            Foundation.exit(ExitStatus.done.rawValue)
        } catch {
            let failure = FailureLine.describe(error)
            FileHandle.standardError.write(Data("tally: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        }
    }
}
