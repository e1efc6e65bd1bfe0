/// Where a count belongs: an election, a round and a unit. Tallies and turnouts with the same key describe
/// the same ballot count.
public struct CountKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The election's id.
    public var election: String
    /// The round, from 1.
    public var round: Int64
    /// The unit's id.
    public var unit: String

    /// Makes a key.
    public init(election: String, round: Int64, unit: String) {
        self.election = election
        self.round = round
        self.unit = unit
    }

    /// `ELECTION round N unit UNIT`.
    public var description: String { "\(election) round \(round) unit \(unit)" }

    /// Ordered by election, round, then unit.
    public static func < (lhs: CountKey, rhs: CountKey) -> Bool {
        (lhs.election, lhs.round, lhs.unit) < (rhs.election, rhs.round, rhs.unit)
    }
}
