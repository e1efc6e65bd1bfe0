/// The rules `tally check` applies to a dataset, in the order it reports them. docs/checks.md has the detail.
public enum CheckRule: String, Hashable, Sendable, CaseIterable {
    /// A reference to a record that does not exist (a tally's election, unit or party, a statement's speaker).
    case references
    /// The tallies of an election, round and unit sum to at most the turnout's `valid`, and to exactly it when
    /// every count there is complete.
    case votesWithinValid = "votes-within-valid"
    /// `ballots_cast = blank + void + valid` when a turnout has all four.
    case ballotsAddUp = "ballots-add-up"
    /// `ballots_cast <= registered` in a turnout.
    case ballotsWithinRegistered = "ballots-within-registered"
    /// A tally's `share` is `votes / valid` as a percentage, to the share's precision.
    case shareMatchesVotes = "share-matches-votes"
    /// One tally per election, round, unit and selection.
    case oneTallyPerSelection = "one-tally-per-selection"
    /// Every unit's `parent_id` chain ends at a country-level unit: no cycle, no missing parent.
    case unitChain = "unit-chain"

    /// The rule's name, as in `--json` output and `--rules`.
    public var name: String { rawValue }

    /// One line that says what the rule checks.
    public var summary: String {
        switch self {
        case .references: "every reference names an existing record (election, unit, party, person)"
        case .votesWithinValid:
            "per election, round and unit the tallies' votes sum to at most the turnout's valid, exactly when complete"
        case .ballotsAddUp: "a turnout's ballots_cast = blank + void + valid when all four are present"
        case .ballotsWithinRegistered: "a turnout's ballots_cast is at most its registered"
        case .shareMatchesVotes: "a tally's share (a percentage) is votes / valid to the share's precision"
        case .oneTallyPerSelection: "one tally per election, round, unit and selection"
        case .unitChain: "every unit's parent_id chain ends at a country-level unit, with no cycle or missing parent"
        }
    }
}
