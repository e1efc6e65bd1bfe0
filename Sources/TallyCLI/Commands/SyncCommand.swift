import Foundation
import Wire
import ArgumentParser

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Pull, then push, until both sides hold the same.",
        discussion: "Exits 75 when it did not finish; run it again to resume.\n\nExample: tally sync origin")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions

    func run() async throws {
        try await SyncRunner(replica: try ReplicaLocation.open(global), network: network, global: global).run(.sync)
    }
}
