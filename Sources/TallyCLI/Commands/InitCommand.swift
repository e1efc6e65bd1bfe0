import Wire
import ArgumentParser
import Foundation
import Replica
import Store

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Make a replica in DIR (DIR/.tally).",
        discussion: "Example: tally -C ~/laptop init")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let url = URL(fileURLWithPath: global.newReplicaDirectory)
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(".tally").path) {
            throw CLIError("\(global.newReplicaDirectory) is already a tally replica")
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let replica = try Replica.create(at: url.path)
        if global.json {
            Output.json(.object([("directory", .string(url.path)), ("site", .string(replica.siteID.hex))]))
        } else {
            Output.line("initialized replica \(replica.siteID.hex) in \(url.path)/.tally")
        }
    }
}
