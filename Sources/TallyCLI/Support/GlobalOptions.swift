import ArgumentParser
import Foundation
import Wire

/// Options every verb takes: `-C DIR` and `--json`.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customShort("C"),
        help: ArgumentHelp(
            "The replica directory. Without it: the replica holding the current directory (searched upward, as "
                + "git does), else the current directory. File arguments stay relative to the current directory.",
            valueName: "DIR"
        )
    )
    var explicitDirectory: String?

    @Flag(name: .long, help: "Machine-readable output.")
    var json = false

    /// The replica's directory: `-C DIR`, else the nearest enclosing replica, else the current directory.
    var directory: String {
        explicitDirectory ?? ReplicaLocation.enclosingReplica() ?? "."
    }

    /// Where a new replica goes (`init`): `-C DIR` or the current directory, never a replica further up.
    var newReplicaDirectory: String {
        explicitDirectory ?? "."
    }
}
