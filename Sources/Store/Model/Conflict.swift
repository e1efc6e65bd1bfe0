public import Wire

/// One open conflict: concurrent writes of one field of one record with different values.
public struct Conflict: Hashable, Sendable {
    /// The record type.
    public var type: RecordType
    /// The record id.
    public var id: String
    /// The field name, or `_deleted` for a delete against a concurrent edit.
    public var field: String
    /// The value that wins everywhere: the write with the highest `(clock, site)`.
    public var winner: FieldValue
    /// The other values, in `(clock, site)` order, highest first; duplicates of the winner's value left out.
    public var losers: [FieldValue]

    /// Makes a conflict entry.
    public init(type: RecordType, id: String, field: String, winner: FieldValue, losers: [FieldValue]) {
        self.type = type
        self.id = id
        self.field = field
        self.winner = winner
        self.losers = losers
    }

    /// Makes a conflict from a field's current values, winner first.
    init(type: RecordType, id: String, field: String, values: [FieldValue]) {
        let winner = values.first ?? .null
        var losers: [FieldValue] = []
        for value in values.dropFirst() where value != winner && !losers.contains(value) { losers.append(value) }
        self.init(type: type, id: id, field: field, winner: winner, losers: losers)
    }
}
