import Foundation
import Wire
import ArgumentParser

/// Options every verb takes: `-C DIR` and `--json`.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: "The replica directory (default: the current directory).")
    var directory: String = "."

    @Flag(name: .long, help: "Machine-readable output.")
    var json = false
}
