import Foundation
import Wire
import ArgumentParser

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Fetch changes from a server (creates datasets the replica lacks).",
        discussion: """
            Exits 75 when the pull did not reach the end of the server's feed (connection lost, server shut \
            down): what arrived is kept, and the same command resumes after it.

            Example: tally pull origin --dataset fr --token-file read.token
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions

    func run() async throws {
        try await SyncRunner(replica: try ReplicaLocation.open(global), network: network, global: global).run(.pull)
    }
}
