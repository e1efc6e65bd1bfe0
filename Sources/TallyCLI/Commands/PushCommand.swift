import Foundation
import Wire
import ArgumentParser

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Send local changes to a server.",
        discussion: """
            Exits 75 when the push did not finish (connection lost, server shut down): what the server \
            acknowledged stays, and the same command resumes after it.

            Example: tally push tally://hq.example.org:7878 --token-file write.token
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions

    func run() async throws {
        try await SyncRunner(replica: try ReplicaLocation.open(global), network: network, global: global).run(.push)
    }
}
