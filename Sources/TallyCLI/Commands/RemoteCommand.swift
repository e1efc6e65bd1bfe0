import Foundation
import Wire
import ArgumentParser

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote", abstract: "Name the servers this replica syncs with.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a remote: tally remote add NAME URL.",
            discussion: "Example: tally remote add origin tallys://hq.example.org:7878")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A name for the remote, such as origin.") var name: String
        @Argument(help: "tally://HOST:PORT or tallys://HOST:PORT") var url: String

        func run() throws {
            _ = try ReplicaLocation.open(global)
            var remotes = try RemoteList(directory: global.directory)
            try remotes.add(name: name, url: url)
            if global.json {
                Output.json(.object([("name", .string(name)), ("url", .string(url))]))
            } else {
                Output.line("added remote \(name) \(url)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the remotes.", discussion: "Example: tally remote list")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            _ = try ReplicaLocation.open(global)
            let remotes = try RemoteList(directory: global.directory)
            if global.json {
                Output.json(
                    .array(remotes.entries.map { .object([("name", .string($0.name)), ("url", .string($0.url))]) }))
            } else {
                for entry in remotes.entries { Output.line("\(entry.name)\t\(entry.url)") }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a remote.", discussion: "Example: tally remote remove origin")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            var remotes = try RemoteList(directory: global.directory)
            try remotes.remove(name: name)
            if !global.json { Output.line("removed remote \(name)") }
        }
    }
}
