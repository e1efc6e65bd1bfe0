import Foundation
import Wire
import ArgumentParser

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Send local changes to a server.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var network: NetworkOptions

    func run() async throws {
        try await SyncRunner(replica: try ReplicaLocation.open(global), network: network, global: global).run(.push)
    }
}
