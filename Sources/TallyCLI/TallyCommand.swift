public import ArgumentParser
import Foundation

/// The root of the `tally` command line.
public struct TallyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Sync versioned election and statement datasets between machines.",
        discussion: "Global options -C DIR and --json may stand before or after the verb.",
        subcommands: [
            InitCommand.self, DatasetCommand.self, ImportCommand.self, ExportCommand.self, PutCommand.self,
            DeleteCommand.self, GetCommand.self, LogCommand.self, StatusCommand.self, CheckCommand.self,
            ConflictsCommand.self, ResolveCommand.self, RemoteCommand.self, PushCommand.self, PullCommand.self,
            SyncCommand.self, ServeCommand.self, TokenCommand.self, BundleCommand.self, MirrorCommand.self,
        ]
    )

    public init() {}

    /// Verbs that have verbs of their own (`tally dataset create`).
    static func isGroup(_ word: String) -> Bool {
        ["dataset", "remote", "bundle", "token"].contains(word)
    }

    /// Runs the command line: parses, runs the verb, and turns any failure into one line on stderr and a
    /// non-zero exit status.
    public static func runMain() async -> Never {
        let arguments = ArgumentOrder.normalized(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("tally: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own text.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let cleanExit = error as? CleanExit {
                print(fullMessage(for: cleanExit))
                Foundation.exit(0)
            }
            let text =
                (message(for: error).isEmpty ? "\(error)" : message(for: error))
                .split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("tally: \(text)\n".utf8))
            Foundation.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}
