/// What a dataset holds: election results or statements. Coded as one byte on the wire.
public enum DatasetKind: UInt8, Sendable, CaseIterable {
    /// `election`, `party`, `unit`, `tally`, `turnout` records.
    case election = 1
    /// `person` and `statement` records.
    case statement = 2

    /// The kind's name, as on the command line.
    public var name: String {
        switch self {
        case .election: "election"
        case .statement: "statement"
        }
    }

    /// Looks a kind up by its name.
    public init?(name: some StringProtocol) {
        guard let match = DatasetKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
