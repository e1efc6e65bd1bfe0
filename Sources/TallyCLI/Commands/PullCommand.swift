import Foundation
import Wire
import ArgumentParser

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Fetch changes from a server (creates datasets the replica lacks).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions

    func run() async throws {
        try await SyncRunner(replica: try ReplicaLocation.open(global), network: network, global: global).run(.pull)
    }
}
