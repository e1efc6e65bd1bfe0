import Wire

extension Record {
    /// The order of `tally export` and of the sample datasets: by type (election, party, unit, tally, turnout,
    /// person, statement), then by id byte by byte (ids are ASCII, so this is also `String` order).
    public static func exportOrder(_ lhs: Record, _ rhs: Record) -> Bool {
        lhs.type != rhs.type ? lhs.type < rhs.type : lhs.id < rhs.id
    }
}
