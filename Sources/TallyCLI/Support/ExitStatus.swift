/// The exit statuses of `tally`, each with one meaning (docs/cli.md, "Exit codes"), so scripts can tell a
/// failure worth retrying from one that needs a person.
enum ExitStatus: Int32 {
    /// The command did everything it was asked.
    case done = 0
    /// Refused or invalid input (a bad file, an unknown dataset, an untrusted certificate): nothing was changed
    /// by the refused part; running it again unchanged will fail again.
    case refused = 1
    /// The command line itself is wrong (unknown option, missing argument).
    case usage = 64
    /// A network or server failure that running the same command again can fix: the transfer did not finish,
    /// and what was acknowledged before the failure stays.
    case retryable = 75
}
