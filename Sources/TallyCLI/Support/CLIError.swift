/// A failure the CLI reports as one line on stderr, with a non-zero exit status.
struct CLIError: Error, CustomStringConvertible {
    /// The line to print (without the `tally: ` prefix).
    var message: String
    /// The exit status.
    var exitCode: Int32 = ExitStatus.refused.rawValue

    init(_ message: String, exitCode: Int32 = ExitStatus.refused.rawValue) {
        self.message = message
        self.exitCode = exitCode
    }

    init(_ message: String, status: ExitStatus) {
        self.init(message, exitCode: status.rawValue)
    }

    var description: String { message }
}
