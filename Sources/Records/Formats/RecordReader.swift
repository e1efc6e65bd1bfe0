/// A reader of records from a file format: each call returns the next valid record, or `nil` at the end.
///
/// The first invalid record stops the reader with a `RecordError` naming its line.
public protocol RecordReader {
    /// The next record, validated and in canonical field order, or `nil` at the end of the input.
    mutating func next() throws(RecordError) -> Record?
    /// The 1-based line of the input on which the record last returned starts; for a format read as one
    /// document (NIST, Popolo), the record's 1-based position among the records the document holds.
    var lineNumber: Int { get }
    /// `true` when `lineNumber` counts lines of the input, `false` when it counts records of one document.
    var countsLines: Bool { get }
}

extension RecordReader {
    /// Line formats (NDJSON, CSV, Tally's JSON array) count lines.
    public var countsLines: Bool { true }
}
