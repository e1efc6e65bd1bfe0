/// A failure the CLI reports as one line on stderr, with a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    /// The line to print (without the `tally: ` prefix).
    var message: String
    /// The exit status.
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}
