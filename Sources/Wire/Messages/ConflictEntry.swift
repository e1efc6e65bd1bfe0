public import NIOCore

/// One open conflict in a `ConflictReport`: a field of a record with concurrent writes of different values.
public struct ConflictEntry: WirePayload {
    /// The record's id.
    public var recordID: String
    /// The field's name (`liveness` is not a field name; a liveness conflict uses the name `_liveness`).
    public var field: String
    /// The winning value (the one the record shows).
    public var winner: FieldValue
    /// The losing values, kept until a resolution covers them.
    public var losers: [FieldValue]

    /// The most losing values one entry may list.
    public static let maximumLoserCount = RecordState.Limits.writesPerField

    /// The field name that stands for the liveness register.
    public static let livenessField = "_liveness"

    /// Makes an entry.
    public init(recordID: String, field: String, winner: FieldValue, losers: [FieldValue]) {
        self.recordID = recordID
        self.field = field
        self.winner = winner
        self.losers = losers
    }

    /// Appends the encoding of Protocol.md, "Messages".
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeLengthPrefixedString(recordID)
        buffer.writeLengthPrefixedString(field)
        winner.write(to: &buffer)
        buffer.writeList(losers)
    }

    /// Reads one value; strict (see `WirePayload`).
    public static func read(from buffer: inout ByteBuffer) throws(WireError) -> ConflictEntry {
        let recordID = try buffer.readRecordID()
        let field = try buffer.readLengthPrefixedString()
        guard field == livenessField || RecordID.isValidFieldName(field) else {
            throw WireError(.invalidValue, "conflict on \(recordID): \"\(field)\" is not a field name")
        }
        return ConflictEntry(
            recordID: recordID,
            field: field,
            winner: try FieldValue.read(from: &buffer),
            losers: try buffer.readList(limit: maximumLoserCount)
        )
    }
}
