/// A reader of records from a file format: each call returns the next valid record, or `nil` at the end.
///
/// The first invalid record stops the reader with a `RecordError` naming its line.
public protocol RecordReader {
    /// The next record, validated and in canonical field order, or `nil` at the end of the input.
    mutating func next() throws(RecordError) -> Record?
    /// The 1-based line of the input on which the record last returned starts.
    var lineNumber: Int { get }
}
