/// The seven record types, with the one-byte code that names each on the wire.
public enum RecordType: UInt8, Sendable, CaseIterable, Comparable {
    case election = 1
    case party = 2
    case unit = 3
    case tally = 4
    case turnout = 5
    case person = 6
    case statement = 7

    /// The type's name as written in NDJSON and on the command line.
    public var name: String {
        switch self {
        case .election: "election"
        case .party: "party"
        case .unit: "unit"
        case .tally: "tally"
        case .turnout: "turnout"
        case .person: "person"
        case .statement: "statement"
        }
    }

    /// Looks a type up by its name.
    public init?(name: some StringProtocol) {
        guard let match = RecordType.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// The dataset kind whose datasets may hold records of this type.
    public var datasetKind: DatasetKind {
        switch self {
        case .election, .party, .unit, .tally, .turnout: .election
        case .person, .statement: .statement
        }
    }

    /// Ordered by the wire code.
    public static func < (lhs: RecordType, rhs: RecordType) -> Bool { lhs.rawValue < rhs.rawValue }
}
