public import ArgumentParser

/// The root of the `tally` command line.
public struct TallyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Sync versioned election and statement datasets between machines."
    )

    public init() {}
}
